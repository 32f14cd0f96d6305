import { lazy, type ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { RequireSignIn } from './auth/RequireSignIn';
import { SignInPage } from './features/account/SignInPage';
import { useT } from './i18n/i18n';
import { Layout } from './layout/Layout';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';

// Features load on demand: the respondent's page (/pulse) fetches its own code and none of the others'.
const PulseLinkPage = lazy(() => import('./features/pulse/PulseLinkPage').then((m) => ({ default: m.PulseLinkPage })));
const InvitationsPage = lazy(() => import('./features/invitations/InvitationsPage').then((m) => ({ default: m.InvitationsPage })));
const InvitationFormPage = lazy(() => import('./features/invitations/InvitationFormPage').then((m) => ({ default: m.InvitationFormPage })));
const AcceptInvitationPage = lazy(() => import('./features/account/AcceptInvitationPage').then((m) => ({ default: m.AcceptInvitationPage })));
const ResetPasswordPage = lazy(() => import('./features/account/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })));
const ForgotPasswordPage = lazy(() => import('./features/account/ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })));
const RoundsPage = lazy(() => import('./features/rounds/RoundsPage').then((m) => ({ default: m.RoundsPage })));
const RoundPage = lazy(() => import('./features/rounds/RoundPage').then((m) => ({ default: m.RoundPage })));
const AdminRoutes = lazy(() => import('./features/admin/AdminRoutes').then((m) => ({ default: m.AdminRoutes })));
const ChangePasswordPage = lazy(() => import('./features/account/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })));
const FootprintsPage = lazy(() => import('./features/footprints/FootprintsPage').then((m) => ({ default: m.FootprintsPage })));
const OverviewPage = lazy(() => import('./features/overview/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const QuestionsPage = lazy(() => import('./features/questions/QuestionsPage').then((m) => ({ default: m.QuestionsPage })));
const AlertsPage = lazy(() => import('./features/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const AlertPage = lazy(() => import('./features/alerts/AlertPage').then((m) => ({ default: m.AlertPage })));
const RelationshipsPage = lazy(() => import('./features/relationships/RelationshipsPage').then((m) => ({ default: m.RelationshipsPage })));
const TiePage = lazy(() => import('./features/relationships/TiePage').then((m) => ({ default: m.TiePage })));
const NetworkPage = lazy(() => import('./features/relationships/NetworkPage').then((m) => ({ default: m.NetworkPage })));
const SectorPairsPage = lazy(() => import('./features/relationships/SectorPairsPage').then((m) => ({ default: m.SectorPairsPage })));
const OrganisationPage = lazy(() => import('./features/relationships/OrganisationPage').then((m) => ({ default: m.OrganisationPage })));
const DriversPage = lazy(() => import('./features/drivers/DriversPage').then((m) => ({ default: m.DriversPage })));
const ActionsPage = lazy(() => import('./features/actions/ActionsPage').then((m) => ({ default: m.ActionsPage })));
const NewActionPage = lazy(() => import('./features/actions/NewActionPage').then((m) => ({ default: m.NewActionPage })));
const ActionPage = lazy(() => import('./features/actions/ActionPage').then((m) => ({ default: m.ActionPage })));
const FootprintLayout = lazy(() => import('./features/footprints/FootprintLayout').then((m) => ({ default: m.FootprintLayout })));

function Loading({ children }: { children: ReactNode }) {
  const { t } = useT();
  return <Suspense fallback={<p role="status">{t('common.loading')}</p>}>{children}</Suspense>;
}

/**
 * Every page's address. These paths are fixed: emails and API responses link to them. Tokens ride
 * in the fragment (`/pulse#<token>`), which browsers never send to a server or in a Referer.
 * Every feature's pages are lazy-loaded, so each route fetches only its own code; pages for
 * signed-in people sit inside <RequireSignIn>.
 */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/pulse', element: <Loading><PulseLinkPage /></Loading> },
      { path: '/account/accept-invitation', element: <Loading><AcceptInvitationPage /></Loading> },
      { path: '/account/reset-password', element: <Loading><ResetPasswordPage /></Loading> },
      { path: '/account/forgot-password', element: <Loading><ForgotPasswordPage /></Loading> },
      { path: '/account/password', element: <RequireSignIn><Loading><ChangePasswordPage /></Loading></RequireSignIn> },
      { path: '/invitations', element: <RequireSignIn><Loading><InvitationsPage /></Loading></RequireSignIn> },
      { path: '/invitations/:id', element: <RequireSignIn><Loading><InvitationFormPage /></Loading></RequireSignIn> },
      { path: '/footprints', element: <RequireSignIn><Loading><FootprintsPage /></Loading></RequireSignIn> },
      {
        // One footprint's dashboard pages, under its sub-navigation (FootprintLayout).
        path: '/footprints/:footprintId',
        element: <RequireSignIn><Loading><FootprintLayout /></Loading></RequireSignIn>,
        children: [
          { index: true, element: <Loading><OverviewPage /></Loading> },
          { path: 'questions', element: <Loading><QuestionsPage /></Loading> },
          { path: 'relationships', element: <Loading><RelationshipsPage /></Loading> },
          { path: 'network', element: <Loading><NetworkPage /></Loading> },
          { path: 'sector-pairs', element: <Loading><SectorPairsPage /></Loading> },
          { path: 'organisations/:organisationId', element: <Loading><OrganisationPage /></Loading> },
          { path: 'ties/:raterId/:ratedId', element: <Loading><TiePage /></Loading> },
          { path: 'rounds', element: <Loading><RoundsPage /></Loading> },
          { path: 'drivers', element: <Loading><DriversPage /></Loading> },
          { path: 'actions', element: <Loading><ActionsPage /></Loading> },
          { path: 'actions/new', element: <Loading><NewActionPage /></Loading> },
          { path: 'actions/:actionId', element: <Loading><ActionPage /></Loading> },
        ],
      },
      { path: '/alerts', element: <RequireSignIn><Loading><AlertsPage /></Loading></RequireSignIn> },
      { path: '/alerts/:id', element: <RequireSignIn><Loading><AlertPage /></Loading></RequireSignIn> },
      { path: '/rounds/:id', element: <RequireSignIn><Loading><RoundPage /></Loading></RequireSignIn> },
      { path: '/admin/*', element: <RequireSignIn><Loading><AdminRoutes /></Loading></RequireSignIn> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
