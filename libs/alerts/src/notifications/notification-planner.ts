import { Injectable, Logger } from '@nestjs/common';
import { Outbox } from '@pp/core';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AlertNotification, type Channel } from './alert-notification.entity';
import { Mailer } from './mailer';
import { leadsOf } from './recipients';

/** The one job of a notification's email or webhook: a second enqueue of it is a no-op, and the stale-claim sweep looks it up by this id. */
export const notifyJobId = (notificationId: string) => `alert.notify-${notificationId}`;

/**
 * Notifications per INSERT: a statement carries at most 65,535 parameters (seven a notification),
 * and a large round's alerts times the footprint's leads and webhooks can make tens of thousands.
 */
const NOTIFICATIONS_PER_STATEMENT = 1_000;

/**
 * Decides who hears of newly raised alerts, inside the transaction that raised them: every lead of
 * the footprint in the app and by email, and every live webhook endpoint of the footprint. In-app
 * notifications are delivered by being written; the others are queued through the outbox, one job
 * per notification, so nothing is sent unless the alert committed.
 */
@Injectable()
export class NotificationPlanner {
  private readonly logger = new Logger(NotificationPlanner.name);

  constructor(
    private readonly outbox: Outbox,
    private readonly mailer: Mailer,
  ) {}

  /** `alertIds`: the alerts just raised. */
  async plan(manager: EntityManager, footprintId: string, alertIds: readonly string[]): Promise<void> {
    if (alertIds.length === 0) return;
    const leads = await leadsOf(manager, footprintId);
    const endpoints: { id: string; url: string }[] = await manager.query('SELECT id, url FROM webhook_endpoint WHERE footprint_id = $1 AND revoked_at IS NULL', [footprintId]);
    if (!this.mailer.configured && leads.length) this.logger.warn('SMTP_URL is not set: alerts reach leads in the app and by webhook, not by email');
    const now = new Date();
    const rows: QueryDeepPartialEntity<AlertNotification>[] = alertIds.flatMap((alertId) => {
      const row = (channel: Channel, recipientId: string, address: string): QueryDeepPartialEntity<AlertNotification> => ({
        footprintId,
        alertId,
        channel,
        recipientId,
        address,
        status: channel === 'in_app' ? 'sent' : 'pending',
        sentAt: channel === 'in_app' ? now : null,
      });
      return [
        ...leads.map((lead) => row('in_app', lead.id, lead.email)),
        ...(this.mailer.configured ? leads.map((lead) => row('email', lead.id, lead.email)) : []),
        ...endpoints.map((endpoint) => row('webhook', endpoint.id, endpoint.url)),
      ];
    });
    for (let start = 0; start < rows.length; start += NOTIFICATIONS_PER_STATEMENT) {
      const batch = rows.slice(start, start + NOTIFICATIONS_PER_STATEMENT);
      const inserted = await manager.createQueryBuilder().insert().into(AlertNotification).values(batch).orIgnore().returning(['id', 'channel']).execute();
      const toSend = (inserted.raw as { id: string; channel: Channel }[]).filter((row) => row.channel !== 'in_app');
      await this.outbox.enqueueAll(manager, 'alert.notify', toSend.map(({ id }) => ({ payload: { notificationId: id }, jobId: notifyJobId(id) })));
    }
  }
}
