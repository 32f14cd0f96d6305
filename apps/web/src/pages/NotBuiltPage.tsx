import { useT } from '../i18n/i18n';
import { usePageTitle } from './use-page-title';

/** Holds a fixed route (emails and API links point at it) until its feature replaces it. */
export function NotBuiltPage() {
  const { t } = useT();
  usePageTitle(t('notBuilt.title'));
  return (
    <>
      <h1>{t('notBuilt.title')}</h1>
      <p>{t('notBuilt.body')}</p>
    </>
  );
}
