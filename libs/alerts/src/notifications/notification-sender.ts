import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, type Settings, SettingsService } from '@pp/core';
import { DataSource } from 'typeorm';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity';
import { RefusedTargetError } from '../webhooks/webhook-targets';
import { AlertNotification } from './alert-notification.entity';
import { Mailer, SMTP_TIMEOUTS_MS } from './mailer';
import { type AlertContext, alertEmail, SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_EVENT, webhookBody, webhookSignature } from './messages';
import { postWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-client';

export type SendOutcome = { status: 'sent'; channel: string } | { status: 'skipped'; reason: string };

/** A failure that retrying cannot mend: the notification is marked failed at once. */
export class UndeliverableError extends Error {}

/**
 * How old a 'sending' claim must be before it is taken to have no attempt left holding it: well past
 * the longest a send can take (the SMTP connection, greeting and idle timeouts one after another, or
 * the webhook's), plus room for recording the outcome with its retries.
 */
export const STALE_CLAIM_MS = 2 * Math.max(SMTP_TIMEOUTS_MS.connection + SMTP_TIMEOUTS_MS.greeting + SMTP_TIMEOUTS_MS.socket, WEBHOOK_TIMEOUT_MS) + 30_000;

/** What the lead reads on a notification marked 'unknown': when the attempt began, and why it is not sent again. */
export const unknownOutcomeError = (claimedAt: Date | null) =>
  `An attempt began sending at ${claimedAt?.toISOString()} and recorded no outcome (its worker stopped, or lost its database, after the relay or receiver may have accepted it). Not sent again, to avoid a duplicate: check with the recipient.`;

/** Waits between the tries of writing an outcome down (PostgreSQL briefly unreachable or its pool exhausted). */
const RECORD_RETRY_MS = [250, 500, 1000, 2000];

/** One webhook attempt, for the endpoint's delivery log. */
export interface DeliveryFacts {
  attempt: number;
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
}

/**
 * What a send attempt learnt from the relay or receiver: accepted, or refused with `error`. Written
 * to the notification row; kept with the job (in Redis) when PostgreSQL would not take it, for the
 * job's next attempt to write instead of sending again.
 */
export interface SendResult {
  /** The claim the attempt held. */
  claimToken: string;
  accepted: boolean;
  at: string;
  error: string | null;
  delivery: DeliveryFacts | null;
}

/** The job's attempt as the sender needs it. */
export interface SendAttempt {
  /** Counts from 1. */
  number: number;
  /** On the last one, a failure marks the notification failed. */
  last: boolean;
  /** An earlier attempt's result that it could not write to PostgreSQL. */
  unrecorded?: SendResult;
  /** Keeps a result that could not be written with the job, outside PostgreSQL. */
  remember(result: SendResult): Promise<void>;
}

type Delivery = () => Promise<{ error: Error | null; delivery: DeliveryFacts | null }>;

/**
 * The 'alert.notify' job: sends one email or webhook, exactly once. In a short transaction of its
 * own it claims the notification ('sending', a claim token), then sends, then records the outcome
 * under that token, trying the write again for a few seconds and, failing that, keeping the outcome
 * with the job for the retry to record, never to send again. A failure the relay or receiver
 * reports (refused connection, an SMTP or HTTP error answer, no answer) releases the claim for the
 * next attempt, with the same Message-ID or X-Pulse-Delivery id. An attempt that finds a claim
 * without an outcome waits while another attempt may still hold it, and once the claim is older
 * than any send can take marks the notification 'unknown' rather than risk a duplicate: its process
 * died, or lost both PostgreSQL and Redis, after the relay may have accepted the message. The lead
 * sees 'unknown' on the alert (docs/operations.md, delivery guarantees).
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly allowPrivateTargets: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.allowPrivateTargets = settings.get('WEBHOOK_ALLOW_PRIVATE_TARGETS', { infer: true });
  }

  async send(notificationId: string, attempt: SendAttempt): Promise<SendOutcome> {
    // An earlier attempt's outcome, written now under its claim (a no-op if it was written after all).
    if (attempt.unrecorded) await this.record(notificationId, attempt.unrecorded, false);
    const notification = await this.dataSource.manager.findOne(AlertNotification, { where: { id: notificationId }, relations: { alert: true } });
    if (!notification) throw new NotFoundError('Notification', notificationId);
    if (attempt.unrecorded?.accepted) return { status: 'sent', channel: notification.channel };
    if (notification.status === 'sending') return this.claimedElsewhere(notification);
    if (notification.status !== 'pending') return { status: 'skipped', reason: `the notification is already ${notification.status}` };

    let deliver: Delivery;
    try {
      deliver = await this.prepare(notification, attempt.number);
    } catch (error) {
      // Nothing was claimed or sent: count the attempt and say why.
      await this.dataSource.query(
        `UPDATE alert_notification SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1 AND status = 'pending'`,
        [notificationId, error instanceof Error ? error.message : String(error), attempt.last || error instanceof UndeliverableError],
      );
      throw error;
    }

    const claimToken = randomUUID();
    const [, claimed] = await this.dataSource.query(
      `UPDATE alert_notification SET status = 'sending', claimed_at = now(), claim_token = $2, attempts = attempts + 1 WHERE id = $1 AND status = 'pending'`,
      [notificationId, claimToken],
    );
    if (claimed === 0) return { status: 'skipped', reason: 'another attempt claimed the notification first' };

    const { error, delivery } = await deliver();
    const result: SendResult = { claimToken, accepted: error === null, at: new Date().toISOString(), error: error?.message ?? null, delivery };
    const final = error !== null && (attempt.last || error instanceof UndeliverableError);
    try {
      await this.record(notificationId, result, final);
    } catch (recordError) {
      // The send's outcome is known but PostgreSQL would not take it: keep it with the job, for the retry to write.
      await attempt.remember(result);
      const said = recordError instanceof Error ? recordError.message : String(recordError);
      throw new Error(`${error ? 'The send failed' : 'The message was accepted'} but the outcome could not be recorded (${said}); the next attempt records it${error ? '' : ' without sending again'}`);
    }
    if (error) throw error;
    return { status: 'sent', channel: notification.channel };
  }

  /**
   * A retry found the notification claimed: the attempt holding it may still be sending (a job run
   * twice at once after a lost lock), so wait for it; once the claim is stale nobody will record an
   * outcome, and the message may or may not have gone: say so instead of sending it again.
   */
  private async claimedElsewhere(notification: AlertNotification): Promise<SendOutcome> {
    const [, marked] = await this.dataSource.query(
      `UPDATE alert_notification SET status = 'unknown', last_error = $2
       WHERE id = $1 AND status = 'sending' AND claimed_at < now() - make_interval(secs => $3)`,
      [notification.id, unknownOutcomeError(notification.claimedAt), STALE_CLAIM_MS / 1000],
    );
    if (marked === 1) {
      this.logger.warn(`Notification ${notification.id}: a claim from ${notification.claimedAt?.toISOString()} has no outcome; marked unknown, not sent again`);
      return { status: 'skipped', reason: 'a stale claim without an outcome: marked unknown, not sent again' };
    }
    throw new Error(`Another attempt has been sending this ${notification.channel} since ${notification.claimedAt?.toISOString()}; waiting for its outcome`);
  }

  /**
   * Writes a send's outcome under its claim (still 'sending', or marked 'unknown' by a retry that
   * gave up waiting: the truth replaces it), with the webhook attempt's delivery log entry, in one
   * transaction, tried again for a few seconds. A claim since released or resolved is left alone.
   */
  private async record(notificationId: string, result: SendResult, final: boolean): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        await this.dataSource.transaction(async (manager) => {
          const [, updated] = await manager.query(
            `UPDATE alert_notification
             SET status = CASE WHEN $3 THEN 'sent' WHEN $4 THEN 'failed' ELSE 'pending' END,
                 sent_at = CASE WHEN $3 THEN $5::timestamptz END, last_error = $6, claimed_at = NULL, claim_token = NULL
             WHERE id = $1 AND claim_token = $2 AND status IN ('sending', 'unknown')`,
            [notificationId, result.claimToken, result.accepted, final, result.at, result.error],
          );
          if (updated === 1 && result.delivery) {
            const [row] = await manager.query('SELECT footprint_id AS "footprintId", recipient_id AS "endpointId" FROM alert_notification WHERE id = $1', [notificationId]);
            await manager.insert(WebhookDelivery, {
              footprintId: row.footprintId,
              endpointId: row.endpointId,
              notificationId,
              attempt: result.delivery.attempt,
              attemptedAt: new Date(result.delivery.attemptedAt),
              statusCode: result.delivery.statusCode,
              error: result.error,
              durationMs: result.delivery.durationMs,
              succeeded: result.accepted,
            });
          }
        });
        return;
      } catch (error) {
        if (i >= RECORD_RETRY_MS.length) throw error;
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS[i]));
      }
    }
  }

  /** Reads what the message needs (before the claim, so that a failure here leaves nothing claimed) and returns its delivery. */
  private async prepare(notification: AlertNotification, attempt: number): Promise<Delivery> {
    if (notification.channel === 'email') return this.email(notification);
    if (notification.channel === 'webhook') return this.webhook(notification, attempt);
    throw new UndeliverableError(`${notification.channel} notifications are delivered when written`);
  }

  private async context(footprintId: string): Promise<AlertContext> {
    const [footprint] = await this.dataSource.query('SELECT name, code FROM footprint WHERE id = $1', [footprintId]);
    return { footprintName: footprint.name, footprintCode: footprint.code };
  }

  private async email(notification: AlertNotification): Promise<Delivery> {
    if (!this.mailer.configured) throw new UndeliverableError('SMTP_URL is not set, so no email can be sent');
    const [lead] = await this.dataSource.query('SELECT display_name AS "displayName" FROM user_account WHERE id = $1', [notification.recipientId]);
    const recipient = { email: notification.address, displayName: lead?.displayName ?? notification.address };
    const message = alertEmail(notification.alert, await this.context(notification.footprintId), recipient, notification.id, this.mailer);
    return async () => {
      try {
        await this.mailer.send(message);
        return { error: null, delivery: null };
      } catch (error) {
        return { error: error instanceof Error ? error : new Error(String(error)), delivery: null };
      }
    };
  }

  /** Every attempt, answered or not, goes into the delivery log, with its outcome. */
  private async webhook(notification: AlertNotification, attempt: number): Promise<Delivery> {
    const endpoint = await this.dataSource.manager.findOne(WebhookEndpoint, { where: { id: notification.recipientId }, select: { id: true, url: true, secret: true, revokedAt: true } });
    if (!endpoint || endpoint.revokedAt) throw new UndeliverableError('The webhook endpoint has been revoked');
    const body = webhookBody(notification.alert, await this.context(notification.footprintId), notification.id);
    return async () => {
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const headers = {
        'User-Agent': 'PartnershipPulse-Webhooks/1',
        'X-Pulse-Event': WEBHOOK_EVENT,
        'X-Pulse-Delivery': notification.id,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(endpoint.secret, timestamp, body),
      };
      const attemptedAt = new Date().toISOString();
      const started = performance.now();
      let statusCode: number | null = null;
      let error: Error | null = null;
      try {
        statusCode = (await postWebhook(endpoint.url, body, headers, this.allowPrivateTargets)).statusCode;
        if (statusCode < 200 || statusCode > 299) error = new Error(`The receiver answered HTTP ${statusCode}`);
      } catch (cause) {
        // A refused target stays refused: retrying would only knock on the same door.
        error = cause instanceof RefusedTargetError ? new UndeliverableError(cause.message) : cause instanceof Error ? cause : new Error(String(cause));
      }
      return { error, delivery: { attempt, attemptedAt, statusCode, durationMs: Math.round(performance.now() - started) } };
    };
  }
}
