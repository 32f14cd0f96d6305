import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { type BiExport, type BiFilters, biExportUrl, downloadBiCsv } from './bi-export';

/**
 * "Download CSV" of exactly the figures shown, through the BI export: the link's address is the
 * export a BI tool would call; a click fetches it with the session's token and saves the file.
 */
export function CsvDownloadLink({ path, filters, filename, what }: { path: BiExport; filters: BiFilters; filename: string; what: string }) {
  const { t } = useT();
  const [failed, setFailed] = useState(false);
  return (
    <p className="nhsuk-body-s">
      <a
        href={biExportUrl(path, filters)}
        download={filename}
        onClick={(event) => {
          event.preventDefault();
          setFailed(false);
          downloadBiCsv(path, filters, filename).catch(() => setFailed(true));
        }}
      >
        {t('charts.downloadCsv')}
        <span className="nhsuk-u-visually-hidden"> {what}</span>
      </a>
      {failed && (
        <span className="nhsuk-error-message" role="alert">
          {' '}
          {t('charts.downloadFailed')}
        </span>
      )}
    </p>
  );
}
