import type { ReactNode } from 'react';
import { Form, useSearchParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { Button, Select } from '../../ui';
import { type Footprint, useFootprints } from './admin-api';

/**
 * The footprint a page is about, from `?footprint=` (so a page can be linked to and reloaded); an
 * account that reads a single footprint gets it without choosing. `picker` is a GET form to change it.
 */
export function useChosenFootprint(extraFields?: ReactNode): { footprint: Footprint | undefined; footprints: Footprint[]; isLoading: boolean; picker: ReactNode } {
  const { t } = useT();
  const [params] = useSearchParams();
  const { data: footprints = [], isLoading } = useFootprints();
  const asked = params.get('footprint');
  const footprint = footprints.find((candidate) => candidate.id === asked) ?? (footprints.length === 1 ? footprints[0] : undefined);
  const picker =
    footprints.length > 1 || extraFields ? (
      <Form method="get" className="nhsuk-u-margin-bottom-4">
        {footprints.length > 1 ? (
          <Select
            id="footprint"
            label={t('admin.footprint.label')}
            defaultValue={footprint?.id ?? ''}
            options={[{ value: '', label: t('admin.footprint.choose') }, ...footprints.map((item) => ({ value: item.id, label: `${item.name} (${item.code})` }))]}
          />
        ) : (
          footprint && <input type="hidden" name="footprint" value={footprint.id} />
        )}
        {extraFields}
        <Button variant="secondary">{t('admin.footprint.show')}</Button>
      </Form>
    ) : null;
  return { footprint, footprints, isLoading, picker };
}
