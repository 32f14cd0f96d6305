import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import type { Schemas } from '../../api/client';
import { ErrorMessage, Table } from '../../ui';
import { type FieldMessages, FormSection } from './FormSection';
import { ApiProblem } from '../../api/problem';
import { type Round, useImportResponses } from './rounds-api';

const FILE = 'upload-file';

/** Offline responses uploaded as CSV, all or nothing: the import's count, or every problem with its row and column. */
export function UploadSection({ round }: { round: Round }) {
  const { t } = useT();
  const upload = useImportResponses(round.id);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldMessages>({});
  const problem = upload.error instanceof ApiProblem ? upload.error.problem : undefined;
  const rows: Schemas['FieldProblemDto'][] = problem?.errors ?? [];

  const onSubmit = async () => {
    upload.reset();
    if (!file) {
      setErrors({ [FILE]: t('round.upload.errorNoFile') });
      return;
    }
    setErrors({});
    upload.mutate(await file.text(), { onError: (error) => setErrors({ [FILE]: error.message }) });
  };

  return (
    <FormSection
      id="upload"
      heading={t('round.upload.title')}
      intro={<p>{t('round.upload.intro')}</p>}
      fields={[FILE]}
      errors={errors}
      submit={t('round.upload.submit')}
      busy={upload.isPending}
      onSubmit={() => void onSubmit()}
      after={
        <div role="status">
          {upload.data && (
            <div className="nhsuk-inset-text">
              <p>{t('round.upload.imported', { count: upload.data.imported })}</p>
            </div>
          )}
          {rows.length > 0 && (
            <Table
              caption={t('round.upload.reportCaption')}
              head={[t('round.upload.row'), t('round.upload.column'), t('round.upload.problem')]}
              rows={rows.map((p) => [p.row === undefined ? t('round.upload.wholeFile') : t('round.upload.rowNumber', { row: p.row }), p.field, p.problem])}
            />
          )}
        </div>
      }
    >
      <div className={`nhsuk-form-group${errors[FILE] ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor={FILE}>
          {t('round.upload.file')}
        </label>
        <div className="nhsuk-hint" id={`${FILE}-hint`}>
          {t('round.upload.fileHint')}
        </div>
        {errors[FILE] && <ErrorMessage id={`${FILE}-error`}>{errors[FILE]}</ErrorMessage>}
        <input
          className="nhsuk-u-margin-bottom-2"
          type="file"
          id={FILE}
          name={FILE}
          accept=".csv,text/csv"
          aria-describedby={[`${FILE}-hint`, errors[FILE] && `${FILE}-error`].filter(Boolean).join(' ')}
          aria-invalid={errors[FILE] ? true : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
    </FormSection>
  );
}
