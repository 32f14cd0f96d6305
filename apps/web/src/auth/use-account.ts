import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { api, type Schemas } from '../api/client';
import { type Action, can } from './access';
import { currentSession, onSessionChange, storeSession } from './session';

export type Account = Schemas['AccountDto'];
export type Role = Account['grants'][number]['role'];

const accountKey = ['account'] as const;

/** Whether a session is held, re-rendering on sign-in, refresh and sign-out. */
export function useSignedIn(): boolean {
  return useSyncExternalStore(onSessionChange, () => currentSession() !== null);
}

/** The signed-in account (GET /api/v1/me), or null when signed out. */
export function useAccount(): { account: Account | null; isLoading: boolean } {
  const signedIn = useSignedIn();
  const queryClient = useQueryClient();
  useEffect(() => onSessionChange((session) => void (session ? undefined : queryClient.removeQueries({ queryKey: accountKey }))), [queryClient]);
  const query = useQuery({ ...accountQuery(), enabled: signedIn });
  return { account: signedIn ? (query.data ?? null) : null, isLoading: signedIn && query.isLoading };
}

/** GET /api/v1/me: shared by useAccount and the dashboards' prefetch (features/footprints/prefetch.ts). */
export function accountQuery() {
  return queryOptions({
    queryKey: accountKey,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/v1/me');
      if (error) throw new Error(error.detail);
      return data;
    },
  });
}

/** The roles an account holds, for navigation by role. */
export function rolesOf(account: Account | null): Set<Role> {
  return new Set(account?.grants.map((grant) => grant.role) ?? []);
}

/** Why a sign-in failed, as the page shows it; the API's problem details decide. */
export type SignInFailure = 'credentials' | 'locked' | 'rate_limited' | 'unavailable';

export class SignInError extends Error {
  constructor(readonly failure: SignInFailure) {
    super(failure);
  }
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: Schemas['LoginDto']) => {
      const { data, response } = await api.POST('/api/v1/auth/login', { body: credentials });
      if (data) return data;
      if (response.status === 401 || response.status === 400) throw new SignInError('credentials');
      if (response.status === 423) throw new SignInError('locked');
      if (response.status === 429) throw new SignInError('rate_limited');
      throw new SignInError('unavailable');
    },
    onSuccess: async (pair) => {
      await queryClient.removeQueries({ queryKey: accountKey });
      storeSession({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    },
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: async () => {
      const session = currentSession();
      // Revokes the session on the server too; signed out here whatever it answers.
      if (session) await api.POST('/api/v1/auth/logout', { body: { refreshToken: session.refreshToken } }).catch(() => undefined);
      storeSession(null);
    },
  });
}

/** `can` for the signed-in account. */
export function useCan(): { can: (action: Action, footprintId?: string) => boolean; isLoading: boolean } {
  const { account, isLoading } = useAccount();
  return { can: (action, footprintId) => can(account, action, footprintId), isLoading };
}
