import { Link } from 'react-router';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';

/** An emailed account link that cannot be used: missing from the address, or unknown, used or expired. */
export function LinkProblemPage({ title, body }: { title: MessageKey; body: MessageKey }) {
  const { t } = useT();
  usePageTitle(t(title));
  return (
    <>
      <h1>{t(title)}</h1>
      <p>{t(body)}</p>
      <p>
        <Link to="/account/forgot-password">{t('account.requestNewLink')}</Link>
      </p>
    </>
  );
}
