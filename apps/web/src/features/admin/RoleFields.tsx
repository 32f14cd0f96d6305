import { useT } from '../../i18n/i18n';
import { Radios, Select } from '../../ui';
import type { FormProblems } from '../../api/problem';
import { type Footprint, type Grant, type GrantInput } from './admin-api';
import { OrganisationPicker } from './OrganisationPicker';

export const ROLES = ['platform_admin', 'footprint_lead', 'analyst', 'org_submitter'] as const;
export type Role = (typeof ROLES)[number];

/** Where each role is granted (the API's ROLE_SCOPE): the form asks for a footprint or an organisation only where the role needs one. */
const SCOPE: Record<Role, 'platform' | 'footprint' | 'organisation'> = { platform_admin: 'platform', footprint_lead: 'footprint', analyst: 'footprint', org_submitter: 'organisation' };

export interface RoleChoice {
  role: Role | '';
  footprintId: string;
  organisationId: string;
}

export const NO_ROLE: RoleChoice = { role: '', footprintId: '', organisationId: '' };

/** The grant the API takes for a choice: only the scope field the role uses is sent. */
export function grantOf(choice: RoleChoice): GrantInput | undefined {
  if (!choice.role) return undefined;
  const scope = SCOPE[choice.role];
  return { role: choice.role, ...(scope === 'footprint' ? { footprintId: choice.footprintId || undefined } : {}), ...(scope === 'organisation' ? { organisationId: choice.organisationId || undefined } : {}) };
}

/** A role, and the footprint or organisation it is granted for. Field ids: `role`, `footprintId`, `organisationId`. */
export function RoleFields({ value, onChange, footprints, problems, allowNone }: { value: RoleChoice; onChange: (value: RoleChoice) => void; footprints: readonly Footprint[]; problems: FormProblems; allowNone?: boolean }) {
  const { t } = useT();
  const scope = value.role ? SCOPE[value.role] : undefined;
  return (
    <>
      <Radios
        id="role"
        legend={t('admin.role.legend')}
        legendSize="s"
        options={[...(allowNone ? [{ value: '', label: t('admin.role.none') }] : []), ...ROLES.map((role) => ({ value: role, label: t(`admin.role.${role}`), hint: t(`admin.role.${role}.hint`) }))]}
        value={value.role}
        onChange={(role) => onChange({ ...value, role: role as Role | '' })}
        error={problems.role}
      />
      {scope === 'footprint' && (
        <Select
          id="footprintId"
          label={t('admin.role.footprint')}
          value={value.footprintId}
          onChange={(event) => onChange({ ...value, footprintId: event.target.value })}
          options={[{ value: '', label: t('admin.footprint.choose') }, ...footprints.map((item) => ({ value: item.id, label: item.name }))]}
          error={problems.footprintId}
        />
      )}
      {scope === 'organisation' && (
        <OrganisationPicker id="organisationId" label={t('admin.role.organisation')} value={value.organisationId} onChange={(organisationId) => onChange({ ...value, organisationId })} error={problems.organisationId} />
      )}
    </>
  );
}

/** A grant in words: "Footprint lead, Cheshire and Merseyside"; an organisation is named by the API with the grant. */
export function useGrantLabel(footprints: readonly Footprint[]) {
  const { t } = useT();
  return (grant: Pick<Grant, 'role' | 'footprintId' | 'organisation'>) => {
    const where = grant.footprintId ? (footprints.find((f) => f.id === grant.footprintId)?.name ?? grant.footprintId) : grant.organisation ? `${grant.organisation.name} (${grant.organisation.code})` : null;
    return where ? `${t(`admin.role.${grant.role}`)}, ${where}` : t(`admin.role.${grant.role}`);
  };
}
