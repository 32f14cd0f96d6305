import type { RouteObject } from 'react-router';
import { RequireSignIn } from './auth/RequireSignIn';
import { AcceptInvitationPage } from './features/account/AcceptInvitationPage';
import { ChangePasswordPage } from './features/account/ChangePasswordPage';
import { ForgotPasswordPage } from './features/account/ForgotPasswordPage';
import { ResetPasswordPage } from './features/account/ResetPasswordPage';
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
      { path: '/account/accept-invitation', element: <AcceptInvitationPage /> },
      { path: '/account/reset-password', element: <ResetPasswordPage /> },
      { path: '/account/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/account/password', element: <RequireSignIn><ChangePasswordPage /></RequireSignIn> },
      { path: '/invitations', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '/invitations/:id', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '/alerts/:id', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '/rounds/:id', element: <RequireSignIn><NotBuiltPage /></RequireSignIn> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
