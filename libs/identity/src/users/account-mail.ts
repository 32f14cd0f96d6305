import { renderEmail } from '@pp/core';
import type { IssuedToken } from './credentials.service';

/**
 * Where identity sends invitation and password-reset emails: provided by the lib that owns mail
 * (alerts' Mailer), absent where none is loaded (the CLI). Identity never depends on that lib.
 */
export const ACCOUNT_MAIL = Symbol('ACCOUNT_MAIL');

export interface AccountMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface AccountMail {
  readonly configured: boolean;
  send(message: AccountMessage & { messageId: string }): Promise<void>;
}

export function invitationEmail(signInUrl: string, to: string, displayName: string, invitation: IssuedToken): AccountMessage {
  const subject = 'You are invited to Partnership Pulse';
  return {
    to,
    subject,
    ...renderEmail(subject, [
      { paragraph: `Dear ${displayName},` },
      { paragraph: `You have been invited to Partnership Pulse. Choose your password with this single-use link before ${invitation.expiresAt.toISOString()}.` },
      { link: { label: 'Accept the invitation', url: invitation.url } },
      { paragraph: `Afterwards, sign in at ${signInUrl}.` },
      { paragraph: 'If you did not expect this, ignore this email.' },
    ]),
  };
}

/** `requestedBy` says who asked: an administrator, or the user through "forgot your password?". */
export function passwordResetEmail(to: string, displayName: string, reset: IssuedToken, requestedBy: 'admin' | 'self'): AccountMessage {
  const subject = 'Reset your Partnership Pulse password';
  const why = requestedBy === 'admin' ? 'An administrator issued a password reset for your account.' : 'Someone, hopefully you, asked to reset the password of your account.';
  return {
    to,
    subject,
    ...renderEmail(subject, [
      { paragraph: `Dear ${displayName},` },
      { paragraph: `${why} Set a new password with this single-use link before ${reset.expiresAt.toISOString()}.` },
      { link: { label: 'Set a new password', url: reset.url } },
      { paragraph: requestedBy === 'admin' ? 'If you did not ask for this, tell your administrator.' : 'If you did not ask for this, ignore this email: your password stays as it is.' },
    ]),
  };
}
