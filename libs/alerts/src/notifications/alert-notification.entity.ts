import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Alert } from '../alerts/alert.entity';

export const CHANNELS = ['email', 'webhook', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * pending: queued to send. sending: claimed by a send attempt, which is talking to the relay or
 * receiver. sent: delivered (in-app ones are, on creation). failed: out of retries, or undeliverable.
 * unknown: a claim was found without an outcome after any send would have finished (its process died,
 * or could not record the outcome, after the relay may have accepted it), so it is not sent again.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * One alert told to one recipient over one channel, created in the transaction that raised the
 * alert. The unique key makes it once per channel and recipient; the send job claims the row before
 * sending and marks it sent after, so a send retried or run twice at once sends nothing more.
 */
@Entity('alert_notification')
@Unique('alert_notification_alert_channel_recipient_key', ['alertId', 'channel', 'recipientId'])
@Index('alert_notification_inbox_idx', ['recipientId', 'channel', 'createdAt'])
@Index('alert_notification_sending_idx', ['claimedAt'], { where: `status = 'sending'` })
@Index('alert_notification_unread_idx', ['recipientId', 'createdAt'], { where: `channel = 'in_app' AND read_at IS NULL` })
@Check('alert_notification_channel_check', `"channel" IN (${list(CHANNELS)})`)
@Check('alert_notification_status_check', `"status" IN (${list(NOTIFICATION_STATUSES)})`)
export class AlertNotification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'alert_notification_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @Column({ type: 'uuid' })
  alertId: string;

  @ManyToOne(() => Alert, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_notification_alert_fk' })
  alert: Relation<Alert>;

  @Column({ type: 'varchar', length: 10 })
  channel: Channel;

  /** The lead (email, in-app) or the webhook endpoint. */
  @Column({ type: 'uuid' })
  recipientId: string;

  /** The email address or URL it went to, as it was when the alert was raised. */
  @Column({ type: 'varchar', length: 2048 })
  address: string;

  @Column({ type: 'varchar', length: 10 })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** While 'sending' (or left 'unknown'): when the attempt holding the claim took it. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  /** The attempt holding the claim: only it may record the outcome. */
  @Column({ type: 'uuid', nullable: true })
  claimToken: string | null;

  /** In-app only: when the lead marked it read. */
  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** To the millisecond, as the in-app list's cursor carries it (a JavaScript date): see migration AlertInboxPaging. */
  @CreateDateColumn({ type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" })
  createdAt: Date;
}
