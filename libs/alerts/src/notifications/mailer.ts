import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Settings, SettingsService } from '@pp/core';
import { createTransport, type Transporter } from 'nodemailer';
import type { EmailMessage } from './messages';

/**
 * Bounds on one SMTP exchange (nodemailer's defaults are 2 min to connect and 10 min idle): a send
 * ends within their sum, so a claim older than that has no send left behind it (notification-sender).
 */
export const SMTP_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 30_000 };

/** Email through the relay at SMTP_URL, each with a plain-text and an HTML part. Without one, nothing is emailed and `configured` says so. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter | null;
  readonly from: string;
  /** The web app's base URL, which every email links into. */
  readonly appUrl: string;

  constructor(@Inject(SettingsService) settings: Settings) {
    const url = settings.get('SMTP_URL', { infer: true });
    this.transport = url
      ? createTransport({ url, connectionTimeout: SMTP_TIMEOUTS_MS.connection, greetingTimeout: SMTP_TIMEOUTS_MS.greeting, socketTimeout: SMTP_TIMEOUTS_MS.socket })
      : null;
    this.from = settings.get('MAIL_FROM', { infer: true });
    this.appUrl = settings.get('APP_URL', { infer: true });
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  async send(message: EmailMessage): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set, so no email can be sent');
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
