import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { formatDateTime } from '../pulse/format';
import { Button, Table, Textarea } from '../../ui';
import { useCan } from '../../auth/use-account';
import { useCreateInstrument, useInstruments, useMakeInstrumentDefault } from './admin-api';
import { AdminPage } from './AdminPage';
import { ApiProblem, formProblems, type FormProblems } from '../../api/problem';

/**
 * `/admin/instruments`: every version of every instrument, oldest first; platform admins make one the
 * default for new rounds and create an instrument (or its next version) from JSON, with the API's
 * validation of each field listed.
 */
export function InstrumentsPage() {
  const { t, language } = useT();
  const { can } = useCan();
  const instruments = useInstruments();
  const create = useCreateInstrument();
  const makeDefault = useMakeInstrumentDefault();
  const [definition, setDefinition] = useState('');
  const [problems, setProblems] = useState<FormProblems>({});
  const [fieldProblems, setFieldProblems] = useState<{ field: string; problem: string }[]>([]);
  const [done, setDone] = useState('');

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    setFieldProblems([]);
    setDone('');
    let body: unknown;
    try {
      body = JSON.parse(definition);
    } catch (error) {
      return setProblems({ definition: t('admin.instruments.errorJson', { detail: error instanceof Error ? error.message : String(error) }) });
    }
    setProblems({});
    create.mutate(body, {
      onSuccess: (created) => {
        setDone(t('admin.instruments.created', { name: created.name, version: created.version }));
        setDefinition('');
      },
      onError: (error) => {
        setFieldProblems(error instanceof ApiProblem ? (error.problem?.errors ?? []) : []);
        // Every problem belongs to the one JSON field, named by its path in the JSON (e.g. `questions.3.dimension`).
        setProblems(formProblems(error, { labels: {}, fallback: 'definition', fieldOf: () => 'definition' }));
      },
    });
  };

  return (
    <AdminPage action="instrument.manage" title={t('admin.instruments.title')} problems={problems}>
      <p role="status">{done}</p>
      {instruments.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : instruments.data ? (
        <Table responsive
          caption={t('admin.instruments.caption')}
          head={[t('admin.instruments.name'), t('admin.instruments.key'), t('admin.instruments.version'), t('admin.instruments.inUse'), t('admin.instruments.default')]}
          rows={instruments.data.map((instrument) => [
            instrument.name,
            <code>{instrument.key}</code>,
            String(instrument.version),
            instrument.lockedAt ? formatDateTime(instrument.lockedAt, language) : t('admin.instruments.notUsed'),
            instrument.isDefault ? (
              <strong className="nhsuk-tag nhsuk-tag--green">{t('admin.instruments.isDefault')}</strong>
            ) : (
              <Button type="button" variant="secondary" className="nhsuk-u-margin-bottom-0" disabled={makeDefault.isPending} onClick={() => makeDefault.mutate(instrument.id, { onSuccess: () => setDone(t('admin.instruments.nowDefault', { name: instrument.name, version: instrument.version })) })}>
                {t('admin.instruments.makeDefault')}
                <span className="nhsuk-u-visually-hidden"> {t('admin.instruments.versionOf', { name: instrument.name, version: instrument.version })}</span>
              </Button>
            ),
          ])}
        />
      ) : null}
      {can('instrument.manage') && (
        <>
          <h2>{t('admin.instruments.create')}</h2>
          <form noValidate onSubmit={onCreate}>
            <Textarea id="definition" label={t('admin.instruments.definition')} hint={t('admin.instruments.definitionHint')} rows={14} spellCheck={false} className="nhsuk-u-font-size-16" value={definition} onChange={(e) => setDefinition(e.target.value)} error={problems.definition} />
            {fieldProblems.length > 0 && (
              <Table responsive caption={t('admin.instruments.problems')} head={[t('admin.instruments.field'), t('registry.import.problem')]} rows={fieldProblems.map((problem) => [<code>{problem.field}</code>, problem.problem])} />
            )}
            <Button disabled={create.isPending}>{t('admin.instruments.submit')}</Button>
          </form>
        </>
      )}
    </AdminPage>
  );
}
