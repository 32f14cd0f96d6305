import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSignedIn } from './use-account';

/**
 * Wraps a page that needs a session: without one (never signed in, signed out, or a session the
 * API revoked, which the client's refresh drops) it goes to /sign-in, which returns here afterwards.
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const signedIn = useSignedIn();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return children;
}
