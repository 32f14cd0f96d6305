import { Link, Outlet, useNavigate } from 'react-router';
import { type Account, rolesOf, type Role, useAccount, useSignOut } from '../auth/use-account';
import { UnreadAlertsBadge } from '../features/alerts/UnreadAlertsBadge';
import { LANGUAGES, loadCatalogue, type MessageKey, useT } from '../i18n/i18n';
import { NHS_LOGO_PATH } from './nhs-logo-path';

/**
 * Navigation by role: each link names the roles that see it. Submitters answer (Invitations); leads
 * and analysts read their footprints and alerts; admins and leads manage, and analysts read the alert
 * rules (Administration lists only the sections the role may use). The API refuses whatever a hidden
 * link would lead to anyway.
 */
const NAVIGATION: readonly { to: string; label: MessageKey; roles: readonly Role[] }[] = [
  { to: '/footprints', label: 'nav.footprints', roles: ['footprint_lead', 'analyst', 'platform_admin'] },
  { to: '/alerts', label: 'nav.alerts', roles: ['footprint_lead', 'analyst', 'platform_admin'] },
  // Only submitters answer pulses: for anyone else the page would say they answer for no organisation.
  { to: '/invitations', label: 'nav.invitations', roles: ['org_submitter'] },
  { to: '/admin', label: 'nav.admin', roles: ['platform_admin', 'footprint_lead', 'analyst'] },
];

/** Where "Footprints" goes: straight to the overview when the account reads exactly one footprint, else to the picker. */
function footprintsLink(account: Account | null): string {
  const roles = rolesOf(account);
  const footprintIds = new Set(account?.grants.filter((g) => (g.role === 'footprint_lead' || g.role === 'analyst') && g.footprintId).map((g) => g.footprintId));
  const [only] = footprintIds;
  return !roles.has('platform_admin') && footprintIds.size === 1 && only ? `/footprints/${only}` : '/footprints';
}

/** The page frame every route shares: skip link, NHS.UK header with the service name, navigation, main, footer. */
export function Layout() {
  const { t, language, setLanguage } = useT();
  const { account } = useAccount();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const roles = rolesOf(account);
  const links = NAVIGATION.filter((item) => item.roles.some((role) => roles.has(role)));
  return (
    <>
      <a className="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">
        {t('layout.skipLink')}
      </a>
      <header className="nhsuk-header" data-module="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <Link className="nhsuk-header__service-logo" to="/" aria-label={t('layout.headerLabel')}>
              <svg className="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
                <title>NHS</title>
                <path fill="currentcolor" d={NHS_LOGO_PATH} />
              </svg>
              <span className="nhsuk-header__service-name">{t('service.name')}</span>
            </Link>
          </div>
          <nav className="nhsuk-header__account" aria-label={t('language.label')}>
            <ul className="nhsuk-header__account-list">
              {LANGUAGES.filter((other) => other !== language).map((other) => (
                <li className="nhsuk-header__account-item" key={other}>
                  <button type="button" className="nhsuk-header__account-button" lang={other} onClick={() => setLanguage(other)} onPointerEnter={() => void loadCatalogue(other).catch(() => undefined)} onFocus={() => void loadCatalogue(other).catch(() => undefined)}>
                    {t(`language.${other}`)}
                  </button>
                </li>
              ))}
              {account ? (
                <>
                  <li className="nhsuk-header__account-item" data-testid="signed-in-as">
                    {t('nav.signedInAs', { name: account.label })}
                  </li>
                  <li className="nhsuk-header__account-item">
                    <Link className="nhsuk-header__account-link" to="/account/password">
                      {t('nav.changePassword')}
                    </Link>
                  </li>
                  <li className="nhsuk-header__account-item">
                    <button type="button" className="nhsuk-header__account-button" onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate('/sign-in') })}>
                      {t('nav.signOut')}
                    </button>
                  </li>
                </>
              ) : (
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/sign-in">
                    {t('nav.signIn')}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        </div>
        {links.length > 0 && (
          <nav className="nhsuk-header__navigation" aria-label={t('layout.navLabel')}>
            <div className="nhsuk-header__navigation-container nhsuk-width-container">
              <ul className="nhsuk-header__navigation-list">
                {links.map((item) => (
                  <li className="nhsuk-header__navigation-item" key={item.to}>
                    <Link className="nhsuk-header__navigation-link" to={item.to === '/footprints' ? footprintsLink(account) : item.to}>
                      {t(item.label)}
                      {item.to === '/alerts' && roles.has('footprint_lead') && <UnreadAlertsBadge />}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        )}
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" role="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <footer className="nhsuk-footer" role="contentinfo">
        <div className="nhsuk-width-container">
          <div className="nhsuk-footer__meta">
            <h2 className="nhsuk-u-visually-hidden">{t('layout.footerLabel')}</h2>
            <ul className="nhsuk-footer__list">
              <li className="nhsuk-footer__list-item">
                <a className="nhsuk-footer__list-item-link" href="/docs">
                  {t('layout.footer.apiDocs')}
                </a>
              </li>
            </ul>
            <p className="nhsuk-body-s">© {t('layout.footer.copyright')}</p>
          </div>
        </div>
      </footer>
    </>
  );
}
