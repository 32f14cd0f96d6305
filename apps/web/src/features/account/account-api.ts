import { useMutation } from '@tanstack/react-query';
import { api, type Problem } from '../../api/client';
import { storeSession } from '../../auth/session';

/**
 * The account routes the pages below call. A refusal comes back as the API's problem details, so a
 * page can put each field's problem beside its field; `token` problems mean the link is unusable.
 */
export class AccountProblem extends Error {
  constructor(readonly problem: Problem | undefined, readonly status: number) {
    super(problem?.detail ?? `HTTP ${status}`);
  }

  /** The fields the API named, e.g. `token`, `password`, `currentPassword`. */
  fields(): Set<string> {
    return new Set(this.problem?.errors?.map((error) => error.field) ?? []);
  }
}

async function settled<T>(call: Promise<{ data?: T; error?: Problem; response: Response }>): Promise<T | undefined> {
  const { data, error, response } = await call;
  if (!response.ok) throw new AccountProblem(error, response.status);
  return data;
}

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (body: { token: string; password: string; displayName?: string }) => settled(api.POST('/api/v1/auth/invitations/accept', { body })),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: { email: string }) => settled(api.POST('/api/v1/auth/password-reset/request', { body })),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; newPassword: string }) => settled(api.POST('/api/v1/auth/password-reset', { body })),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => settled(api.PUT('/api/v1/me/password', { body })),
    // Changing the password signs every session out, this one included: carry on with the fresh pair.
    onSuccess: (pair) => {
      if (pair) storeSession({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    },
  });
}
