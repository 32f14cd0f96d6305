import type { IssuedToken } from './credentials.service';

/**
 * Where identity sends invitation and password-reset emails: provided by the lib that owns mail
 * (alerts' Mailer), absent where none is loaded (the CLI). Identity never depends on that lib.
 */
export const ACCOUNT_MAIL = Symbol('ACCOUNT_MAIL');

export interface AccountMail {
  readonly configured: boolean;
  send(message: { to: string; subject: string; text: string; messageId: string }): Promise<void>;
}

export function invitationEmail(to: string, displayName: string, invitation: IssuedToken): { to: string; subject: string; text: string } {
  return {
    to,
    subject: 'You are invited to Partnership Pulse',
    text: [
      `Dear ${displayName},`,
      '',
      'You have been invited to Partnership Pulse. Choose your password with this single-use invitation token',
      `before ${invitation.expiresAt.toISOString()}, at POST /api/v1/auth/invitations/accept:`,
      '',
      `  ${invitation.token}`,
      '',
      'If you did not expect this, ignore this email.',
    ].join('\n'),
  };
}

export function passwordResetEmail(to: string, displayName: string, reset: IssuedToken): { to: string; subject: string; text: string } {
  return {
    to,
    subject: 'Reset your Partnership Pulse password',
    text: [
      `Dear ${displayName},`,
      '',
      `An administrator issued a password reset for your account. Set a new password before ${reset.expiresAt.toISOString()}`,
      'at POST /api/v1/auth/password-reset with this single-use token:',
      '',
      `  ${reset.token}`,
      '',
      'If you did not ask for this, tell your administrator.',
    ].join('\n'),
  };
}
