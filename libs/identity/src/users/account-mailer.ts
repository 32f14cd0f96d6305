import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { appLink, type Settings, SettingsService } from '@pp/core';
import { ACCOUNT_MAIL, type AccountMail, type AccountMessage, invitationEmail, passwordResetEmail } from './account-mail';
import type { IssuedToken } from './credentials.service';

/**
 * Emails invitation and reset links once their transaction has committed. Sent straight away
 * rather than through the outbox, which would keep the token in plain text in PostgreSQL and
 * Redis. An admin's invitation or reset also goes back to the admin, so a lost email never strands anyone.
 */
@Injectable()
export class AccountMailer {
  private readonly logger = new Logger(AccountMailer.name);
  private readonly signInUrl: string;

  constructor(
    @Inject(SettingsService) settings: Settings,
    @Optional() @Inject(ACCOUNT_MAIL) private readonly mail?: AccountMail,
  ) {
    this.signInUrl = appLink(settings.get('APP_URL', { infer: true }), 'sign-in');
  }

  /** False where no mail relay is set up: nothing can be emailed. */
  get configured(): boolean {
    return this.mail?.configured ?? false;
  }

  /** True when the email was handed to the mail relay. */
  invitation(user: { email: string; displayName: string }, token: IssuedToken): Promise<boolean> {
    return this.send(invitationEmail(this.signInUrl, user.email, user.displayName, token));
  }

  passwordReset(user: { email: string; displayName: string }, token: IssuedToken, requestedBy: 'admin' | 'self'): Promise<boolean> {
    return this.send(passwordResetEmail(user.email, user.displayName, token, requestedBy));
  }

  private async send(message: AccountMessage): Promise<boolean> {
    if (!this.mail?.configured) return false;
    try {
      await this.mail.send({ ...message, messageId: `<${randomUUID()}@pulse.local>` });
      return true;
    } catch (error) {
      this.logger.warn(`Could not email ${message.to}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
