import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { Button, ErrorMessage, SummaryList, Table, WarningCallout } from '../../ui';
import { AdminPage } from '../admin/AdminPage';
import { ApiProblem, type FormProblems, formProblems } from '../../api/problem';
import { useChosenFootprint } from '../admin/FootprintPicker';
import { useImportMembers } from './registry-api';

const EXAMPLE = 'code,code_system,name,organisation_type,member_from,member_to\nQYG,ods,NHS CHESHIRE AND MERSEYSIDE INTEGRATED CARE BOARD,icb,2022-07-01,';

/**
 * `/admin/members/import?footprint=`: a members file is sent as it is; the API imports all of it or
 * nothing, and this page shows its report: the counts, or every bad row with its column and problem.
 */
export function ImportMembersPage() {
  const { t } = useT();
  const { footprint, picker, isLoading } = useChosenFootprint();
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<FormProblems>({});
  const [rowProblems, setRowProblems] = useState<{ row?: number; field: string; problem: string }[]>([]);
  const upload = useImportMembers(footprint?.id ?? '');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setRowProblems([]);
    upload.reset();
    if (!file) return setProblems({ file: t('registry.import.errorFile') });
    setProblems({});
    upload.mutate(await file.text(), {
      onError: (error) => {
        const rows = error instanceof ApiProblem ? (error.problem?.errors ?? []) : [];
        setRowProblems(rows);
        setProblems(
          rows.length
            ? { file: t('registry.import.errorRows') }
            : formProblems(error, { labels: { file: t('registry.import.file') }, fallback: 'file', fieldOf: () => 'file' }),
        );
      },
    });
  };

  const back = footprint ? `/admin/members?footprint=${footprint.id}` : '/admin/members';
  const report = upload.data;
  return (
    <AdminPage action="membership.write" title={t('registry.import.title')} problems={problems} back={back}>
      {picker}
      {isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : !footprint ? (
        <p>{t('admin.footprint.none')}</p>
      ) : (
        <>
          <p>{t('registry.import.intro', { footprint: footprint.name })}</p>
          <p>{t('registry.import.layout')}</p>
          <pre className="nhsuk-u-font-size-16" style={{ whiteSpace: 'pre-wrap' }}>
            {EXAMPLE}
          </pre>
          {report && (
            <div role="status">
              <h2>{t('registry.import.doneHeading')}</h2>
              <SummaryList
                rows={[
                  { key: t('registry.import.rows'), value: String(report.rows) },
                  { key: t('registry.import.organisations'), value: t('registry.import.counts', report.organisations) },
                  { key: t('registry.import.memberships'), value: t('registry.import.counts', report.memberships) },
                ]}
              />
              <p>
                <Link to={back}>{t('registry.import.toMembers')}</Link>
              </p>
            </div>
          )}
          {rowProblems.length > 0 && (
            <WarningCallout heading={t('registry.import.nothingImported')}>
              <Table
                caption={t('registry.import.rowProblems')}
                head={[t('registry.import.row'), t('registry.import.column'), t('registry.import.problem')]}
                rows={rowProblems.map((problem) => [problem.row === undefined ? '' : String(problem.row), problem.field, problem.problem])}
              />
            </WarningCallout>
          )}
          <form noValidate onSubmit={(event) => void onSubmit(event)}>
            <div className={`nhsuk-form-group${problems.file ? ' nhsuk-form-group--error' : ''}`}>
              <label className="nhsuk-label" htmlFor="file">
                {t('registry.import.file')}
              </label>
              <div className="nhsuk-hint" id="file-hint">
                {t('registry.import.fileHint')}
              </div>
              {problems.file && <ErrorMessage id="file-error">{problems.file}</ErrorMessage>}
              <input
                className="nhsuk-u-margin-bottom-2"
                id="file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={['file-hint', problems.file && 'file-error'].filter(Boolean).join(' ')}
                aria-invalid={problems.file ? true : undefined}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            </div>
            <Button disabled={upload.isPending}>{t('registry.import.submit')}</Button>
          </form>
        </>
      )}
    </AdminPage>
  );
}
