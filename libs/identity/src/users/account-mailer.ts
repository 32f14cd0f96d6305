import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ACCOUNT_MAIL, type AccountMail, invitationEmail, passwordResetEmail } from './account-mail';
import type { IssuedToken } from './credentials.service';

/**
 * Emails invitation and reset tokens once their transaction has committed. Sent straight away
 * rather than through the outbox, which would keep the token in plain text in PostgreSQL and
 * Redis. The token also goes back to the admin who asked, so a lost email never strands anyone.
 */
@Injectable()
export class AccountMailer {
  private readonly logger = new Logger(AccountMailer.name);

  constructor(@Optional() @Inject(ACCOUNT_MAIL) private readonly mail?: AccountMail) {}

  /** True when the email was handed to the mail relay. */
  invitation(user: { email: string; displayName: string }, token: IssuedToken): Promise<boolean> {
    return this.send(invitationEmail(user.email, user.displayName, token));
  }

  passwordReset(user: { email: string; displayName: string }, token: IssuedToken): Promise<boolean> {
    return this.send(passwordResetEmail(user.email, user.displayName, token));
  }

  private async send(message: { to: string; subject: string; text: string }): Promise<boolean> {
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
