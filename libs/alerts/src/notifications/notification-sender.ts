import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, type Settings, SettingsService } from '@pp/core';
import { DataSource } from 'typeorm';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity';
import { RefusedTargetError } from '../webhooks/webhook-targets';
import { AlertNotification } from './alert-notification.entity';
import { Mailer } from './mailer';
import { type AlertContext, alertEmail, SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_EVENT, webhookBody, webhookSignature } from './messages';
import { postWebhook } from './webhook-client';

export type SendOutcome = { status: 'sent'; channel: string } | { status: 'skipped'; reason: string };

/** A failure that retrying cannot mend: the notification is marked failed at once. */
export class UndeliverableError extends Error {}

/**
 * The 'alert.notify' job: sends one email or webhook and marks its notification sent. A send
 * retried after success finds the row sent and does nothing. Email is at-least-once at the SMTP
 * boundary (a crash after the relay accepted, before the row was marked, sends again), so every
 * message carries a Message-ID derived from the notification for receivers to drop the repeat.
 */
@Injectable()
export class NotificationSender {
  private readonly allowPrivateTargets: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.allowPrivateTargets = settings.get('WEBHOOK_ALLOW_PRIVATE_TARGETS', { infer: true });
  }

  /** `attempt` counts from 1; on the last one a failure marks the notification failed. */
  async send(notificationId: string, attempt: number, lastAttempt: boolean): Promise<SendOutcome> {
    const notification = await this.dataSource.manager.findOne(AlertNotification, { where: { id: notificationId }, relations: { alert: true } });
    if (!notification) throw new NotFoundError('Notification', notificationId);
    if (notification.status !== 'pending') return { status: 'skipped', reason: `the notification is already ${notification.status}` };
    try {
      if (notification.channel === 'email') await this.email(notification);
      else if (notification.channel === 'webhook') await this.webhook(notification, attempt);
      else throw new UndeliverableError(`${notification.channel} notifications are delivered when written`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = lastAttempt || error instanceof UndeliverableError;
      await this.dataSource.query(
        `UPDATE alert_notification SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
         WHERE id = $1 AND status = 'pending'`,
        [notificationId, message, failed],
      );
      throw error;
    }
    await this.dataSource.query(
      "UPDATE alert_notification SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1 AND status = 'pending'",
      [notificationId],
    );
    return { status: 'sent', channel: notification.channel };
  }

  private async context(footprintId: string): Promise<AlertContext> {
    const [footprint] = await this.dataSource.query('SELECT name, code FROM footprint WHERE id = $1', [footprintId]);
    return { footprintName: footprint.name, footprintCode: footprint.code };
  }

  private async email(notification: AlertNotification): Promise<void> {
    if (!this.mailer.configured) throw new UndeliverableError('SMTP_URL is not set, so no email can be sent');
    const [lead] = await this.dataSource.query('SELECT display_name AS "displayName" FROM user_account WHERE id = $1', [notification.recipientId]);
    const recipient = { email: notification.address, displayName: lead?.displayName ?? notification.address };
    await this.mailer.send(alertEmail(notification.alert, await this.context(notification.footprintId), recipient, notification.id, this.mailer));
  }

  /** Every attempt, answered or not, goes into the delivery log. */
  private async webhook(notification: AlertNotification, attempt: number): Promise<void> {
    const endpoint = await this.dataSource.manager.findOne(WebhookEndpoint, { where: { id: notification.recipientId }, select: { id: true, url: true, secret: true, revokedAt: true } });
    if (!endpoint || endpoint.revokedAt) throw new UndeliverableError('The webhook endpoint has been revoked');
    const body = webhookBody(notification.alert, await this.context(notification.footprintId), notification.id);
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const headers = {
      'User-Agent': 'PartnershipPulse-Webhooks/1',
      'X-Pulse-Event': WEBHOOK_EVENT,
      'X-Pulse-Delivery': notification.id,
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: webhookSignature(endpoint.secret, timestamp, body),
    };
    const attemptedAt = new Date();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let refused = false;
    try {
      statusCode = (await postWebhook(endpoint.url, body, headers, this.allowPrivateTargets)).statusCode;
      if (statusCode < 200 || statusCode > 299) error = `The receiver answered HTTP ${statusCode}`;
    } catch (cause) {
      refused = cause instanceof RefusedTargetError;
      error = cause instanceof Error ? cause.message : String(cause);
    }
    await this.dataSource.manager.insert(WebhookDelivery, {
      footprintId: notification.footprintId,
      endpointId: endpoint.id,
      notificationId: notification.id,
      attempt,
      attemptedAt,
      statusCode,
      error,
      durationMs: Math.round(performance.now() - started),
      succeeded: error === null,
    });
    // A refused target stays refused: retrying would only knock on the same door.
    if (refused) throw new UndeliverableError(error as string);
    if (error) throw new Error(error);
  }
}
