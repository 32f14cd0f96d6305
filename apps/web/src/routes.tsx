import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequireSignIn } from './auth/RequireSignIn';
import { SignInPage } from './features/account/SignInPage';
import { Layout } from './layout/Layout';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * A page whose code the router loads before it renders the route (React Router's `lazy`), so each
 * route fetches only its own code: the respondent's page (/pulse) none of the others'. Not
 * React.lazy under <Suspense>: every fallback React shows delays the next content it reveals until
 * 300 ms after it (React 19's fallback throttle), and a footprint's page, its layout's chunk then
 * the page's, waited twice (bench:web's timeline: the main thread idle for 200–500 ms before the
 * overview rendered). The router instead shows the page once its code is in, and on navigating
 * keeps the current page until then. `signedIn`: the page needs a session (RequireSignIn).
 */
function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType, { signedIn = false } = {}): RouteObject['lazy'] {
  return async () => {
    const Page = pick(await load());
    return { element: signedIn ? <RequireSignIn><Page /></RequireSignIn> : <Page /> };
  };
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
    // While the first page's code loads, the frame (header, navigation, footer) with an empty main.
    HydrateFallback: Layout,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/pulse', lazy: page(() => import('./features/pulse/PulseLinkPage'), (m) => m.PulseLinkPage) },
      { path: '/account/accept-invitation', lazy: page(() => import('./features/account/AcceptInvitationPage'), (m) => m.AcceptInvitationPage) },
      { path: '/account/reset-password', lazy: page(() => import('./features/account/ResetPasswordPage'), (m) => m.ResetPasswordPage) },
      { path: '/account/forgot-password', lazy: page(() => import('./features/account/ForgotPasswordPage'), (m) => m.ForgotPasswordPage) },
      { path: '/account/password', lazy: page(() => import('./features/account/ChangePasswordPage'), (m) => m.ChangePasswordPage, { signedIn: true }) },
      { path: '/invitations', lazy: page(() => import('./features/invitations/InvitationsPage'), (m) => m.InvitationsPage, { signedIn: true }) },
      { path: '/invitations/:id', lazy: page(() => import('./features/invitations/InvitationFormPage'), (m) => m.InvitationFormPage, { signedIn: true }) },
      { path: '/footprints', lazy: page(() => import('./features/footprints/FootprintsPage'), (m) => m.FootprintsPage, { signedIn: true }) },
      {
        // One footprint's dashboard pages, under its sub-navigation (FootprintLayout).
        path: '/footprints/:footprintId',
        lazy: page(() => import('./features/footprints/FootprintLayout'), (m) => m.FootprintLayout, { signedIn: true }),
        children: [
          { index: true, lazy: page(() => import('./features/overview/OverviewPage'), (m) => m.OverviewPage) },
          { path: 'questions', lazy: page(() => import('./features/questions/QuestionsPage'), (m) => m.QuestionsPage) },
          { path: 'relationships', lazy: page(() => import('./features/relationships/RelationshipsPage'), (m) => m.RelationshipsPage) },
          { path: 'network', lazy: page(() => import('./features/relationships/NetworkPage'), (m) => m.NetworkPage) },
          { path: 'sector-pairs', lazy: page(() => import('./features/relationships/SectorPairsPage'), (m) => m.SectorPairsPage) },
          { path: 'organisations/:organisationId', lazy: page(() => import('./features/relationships/OrganisationPage'), (m) => m.OrganisationPage) },
          { path: 'ties/:raterId/:ratedId', lazy: page(() => import('./features/relationships/TiePage'), (m) => m.TiePage) },
          { path: 'rounds', lazy: page(() => import('./features/rounds/RoundsPage'), (m) => m.RoundsPage) },
          { path: 'drivers', lazy: page(() => import('./features/drivers/DriversPage'), (m) => m.DriversPage) },
          { path: 'actions', lazy: page(() => import('./features/actions/ActionsPage'), (m) => m.ActionsPage) },
          { path: 'actions/new', lazy: page(() => import('./features/actions/NewActionPage'), (m) => m.NewActionPage) },
          { path: 'actions/:actionId', lazy: page(() => import('./features/actions/ActionPage'), (m) => m.ActionPage) },
        ],
      },
      { path: '/alerts', lazy: page(() => import('./features/alerts/AlertsPage'), (m) => m.AlertsPage, { signedIn: true }) },
      { path: '/alerts/:id', lazy: page(() => import('./features/alerts/AlertPage'), (m) => m.AlertPage, { signedIn: true }) },
      { path: '/rounds/:id', lazy: page(() => import('./features/rounds/RoundPage'), (m) => m.RoundPage, { signedIn: true }) },
      { path: '/admin/*', lazy: page(() => import('./features/admin/AdminRoutes'), (m) => m.AdminRoutes, { signedIn: true }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
