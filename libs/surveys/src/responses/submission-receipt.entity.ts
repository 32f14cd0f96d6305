import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The result of a submission made with an Idempotency-Key, kept so that a retry returns it again
 * without a second write. Keys are scoped to the respondent, so one cannot replay another's.
 */
@Entity('submission_receipt')
@Index('submission_receipt_scope_key_key', ['scope', 'idempotencyKey'], { unique: true })
export class SubmissionReceipt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'submission_receipt_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @Column({ type: 'uuid' })
  roundId: string;

  /** The respondent key (see ResponseRecord) or, for uploads, the uploading lead. */
  @Column({ type: 'varchar', length: 40 })
  scope: string;

  @Column({ type: 'varchar', length: 255 })
  idempotencyKey: string;

  /** SHA-256 of the request body: the same key with a different body is refused. */
  @Column({ type: 'bytea' })
  requestHash: Buffer;

  @Column({ type: 'smallint' })
  status: number;

  @Column({ type: 'jsonb' })
  body: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
