import { Link, NavLink, Outlet, useParams } from 'react-router';
import { rolesOf, useAccount } from '../../auth/use-account';
import type { MessageKey } from '../../i18n/i18n';
import { useT } from '../../i18n/i18n';

/**
 * The sub-navigation of one footprint's pages: every dashboard page of a footprint sits under it.
 */
const SECTIONS: readonly { to: string; label: MessageKey; end?: boolean }[] = [
  { to: '', label: 'footprints.nav.overview', end: true },
  { to: 'relationships', label: 'footprints.nav.relationships' },
  { to: 'network', label: 'footprints.nav.network' },
  { to: 'sector-pairs', label: 'footprints.nav.sectorPairs' },
  { to: 'questions', label: 'footprints.nav.questions' },
  { to: 'drivers', label: 'drivers.nav' },
  { to: 'actions', label: 'actions.nav' },
  { to: 'rounds', label: 'footprints.nav.rounds' },
];

export function FootprintLayout() {
  const { t } = useT();
  const { footprintId = '' } = useParams();
  const { account } = useAccount();
  const footprintGrants = new Set(account?.grants.filter((g) => g.footprintId).map((g) => g.footprintId));
  const several = rolesOf(account).has('platform_admin') || footprintGrants.size > 1;
  return (
    <>
      <nav className="pp-subnav" aria-label={t('footprints.nav.label')}>
        <ul className="pp-subnav__list">
          {SECTIONS.map((section) => (
            <li className="pp-subnav__item" key={section.to}>
              <NavLink className="pp-subnav__link" to={section.to ? `/footprints/${footprintId}/${section.to}` : `/footprints/${footprintId}`} end={section.end}>
                {t(section.label)}
              </NavLink>
            </li>
          ))}
          {several && (
            <li className="pp-subnav__item pp-subnav__item--end">
              <Link className="pp-subnav__link" to="/footprints">
                {t('footprints.nav.change')}
              </Link>
            </li>
          )}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
