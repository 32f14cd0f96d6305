import { Link } from 'react-router';
import { useAccount } from '../auth/use-account';
import { useT } from '../i18n/i18n';
import { usePageTitle } from './use-page-title';

export function HomePage() {
  const { t } = useT();
  const { account } = useAccount();
  usePageTitle(t('home.title'));
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="nhsuk-lede-text">{t('home.lead')}</p>
      {account ? <p>{t('home.signedIn', { name: account.label })}</p> : <p><Link to="/sign-in">{t('home.signInPrompt')}</Link></p>}
    </>
  );
}
