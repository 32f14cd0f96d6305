import { Column, Entity, Generated, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One write, as it happened. The table is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_entry')
@Unique('audit_entry_seq_key', ['seq'])
@Index('audit_entry_footprint_idx', ['footprintId', 'seq'])
@Index('audit_entry_entity_idx', ['entityType', 'entityId'])
@Index('audit_entry_actor_idx', ['actorId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'audit_entry_pkey' })
  id: string;

  /** Insertion order, for stable newest-first pages (timestamps can tie). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** user, api_key, or system (CLI, start-up, jobs). */
  @Column({ type: 'varchar', length: 16 })
  actorType: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** The email or key prefix at the time: the log stays readable after the user is gone. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  actorLabel: string | null;

  /** The role under which the policy allowed the action. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  /** The footprint the entity belongs to, so a footprint's leads can read its entries. */
  @Column({ type: 'uuid', nullable: true })
  footprintId: string | null;

  // `object`, not Record<string, unknown>: TypeORM's insert typing cannot map unknown values.
  @Column({ type: 'jsonb', nullable: true })
  before: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after: object | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;
}
