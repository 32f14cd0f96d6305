import type { MessageKey } from '../../i18n/i18n';

/** The API's own bounds (libs/identity passwords.ts); checked here only to answer before a round trip. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export type NewPasswordErrors = Partial<Record<string, MessageKey>> & { password?: MessageKey; confirm?: MessageKey };

/** A new password and its confirmation, in the words of the NHS.UK error pattern. */
export function checkNewPassword(password: string, confirm: string): NewPasswordErrors {
  return {
    password: !password
      ? 'account.errorPasswordMissing'
      : password.length < PASSWORD_MIN_LENGTH
        ? 'account.errorPasswordShort'
        : password.length > PASSWORD_MAX_LENGTH
          ? 'account.errorPasswordLong'
          : undefined,
    confirm: !confirm ? 'account.errorConfirmMissing' : confirm !== password ? 'account.errorConfirmMismatch' : undefined,
  };
}
