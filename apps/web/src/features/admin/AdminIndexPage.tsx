import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { useCan } from '../../auth/use-account';
import { ADMIN_SECTIONS } from './sections';

/** `/admin`: the administration pages the signed-in account may use, as the API's policy says. */
export function AdminIndexPage() {
  const { t } = useT();
  const { can, isLoading } = useCan();
  usePageTitle(t('admin.title'));
  const sections = ADMIN_SECTIONS.filter((section) => can(section.action));
  return (
    <>
      <h1>{t('admin.title')}</h1>
      {isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : sections.length === 0 ? (
        <p>{t('admin.none')}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {sections.map((section) => (
            <li key={section.to}>
              <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                <Link to={section.to}>{t(section.title)}</Link>
              </h2>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{t(section.description)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
