import { Footprint } from '@pp/registry';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

/**
 * Where a footprint's alerts are POSTed, signed with the endpoint's secret. The secret has to be
 * kept to sign with, so it is stored as given and never selected unless asked for; it is shown
 * once, when the endpoint is created.
 */
@Entity('webhook_endpoint')
@Index('webhook_endpoint_footprint_idx', ['footprintId'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_endpoint_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'webhook_endpoint_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 200 })
  description: string;

  @Column({ type: 'varchar', length: 64, select: false })
  secret: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  /** A revoked endpoint receives nothing more; its deliveries stay in the log. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
