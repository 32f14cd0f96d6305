import type { RouteObject } from 'react-router';
import { RequireSignIn } from './auth/RequireSignIn';
import { SignInPage } from './features/account/SignInPage';
import { Layout } from './layout/Layout';
import { HomePage } from './pages/HomePage';
import { NotBuiltPage } from './pages/NotBuiltPage';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * Every page's address. These paths are fixed: emails and API responses link to them. Tokens ride
 * in the fragment (`/pulse#<token>`), which browsers never send to a server or in a Referer.
 * A feature replaces its NotBuiltPage with its own page (lazy-loaded where the code is large);
 * pages for signed-in people sit inside <RequireSignIn>.
 */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/pulse', element: <NotBuiltPage /> },
      { path: '/account/accept-invitation', element: <NotBuiltPage /> },
      { path: '/account/reset-password', element: <NotBuiltPage /> },
      { path: '/invitations', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '/invitations/:id', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '/alerts/:id', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '/rounds/:id', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
