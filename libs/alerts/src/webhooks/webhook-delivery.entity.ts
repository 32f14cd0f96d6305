import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AlertNotification } from '../notifications/alert-notification.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** One attempt to deliver a webhook notification: what the receiver answered, or why nothing did. */
@Entity('webhook_delivery')
@Index('webhook_delivery_endpoint_idx', ['endpointId', 'attemptedAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_delivery_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @Column({ type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'webhook_delivery_endpoint_fk' })
  endpoint: Relation<WebhookEndpoint>;

  @Column({ type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => AlertNotification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'webhook_delivery_notification_fk' })
  notification: Relation<AlertNotification>;

  /** 1 for the first try, counting BullMQ's retries. */
  @Column({ type: 'smallint' })
  attempt: number;

  @Column({ type: 'timestamptz' })
  attemptedAt: Date;

  /** Null when no HTTP answer came: refused target, DNS failure, timeout, connection error. */
  @Column({ type: 'smallint', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'integer' })
  durationMs: number;

  @Column({ type: 'boolean' })
  succeeded: boolean;
}
