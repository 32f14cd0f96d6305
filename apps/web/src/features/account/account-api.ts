import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { settled } from '../../api/problem';
import { storeSession } from '../../auth/session';

/**
 * The account routes the pages below call. A refusal comes back as an ApiProblem, so a page can put
 * each field's problem beside its field; `token` problems mean the link is unusable.
 */
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
