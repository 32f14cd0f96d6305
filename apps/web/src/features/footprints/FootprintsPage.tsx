import { Link, Navigate } from 'react-router';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { useFootprints } from './use-footprints';

/** The footprint picker: every footprint the account reads; straight to the overview when there is only one. */
export function FootprintsPage() {
  const { t } = useT();
  usePageTitle(t('footprints.title'));
  const footprints = useFootprints();
  const [only] = footprints.data ?? [];
  if (only && footprints.data?.length === 1) return <Navigate to={`/footprints/${only.id}`} replace />;
  return (
    <>
      <h1>{t('footprints.title')}</h1>
      {footprints.isLoading && <p role="status">{t('common.loading')}</p>}
      {footprints.isError && <p className="nhsuk-error-message">{t('footprints.failed')}</p>}
      {footprints.data?.length === 0 && <p>{t('footprints.none')}</p>}
      {footprints.data && footprints.data.length > 1 && (
        <ul className="nhsuk-list nhsuk-list--border">
          {footprints.data.map((footprint) => (
            <li key={footprint.id}>
              <Link to={`/footprints/${footprint.id}`}>{footprint.name}</Link> <span className="nhsuk-body-s">({footprint.code})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
