import { Footprint } from '@pp/registry';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Instrument } from '../instruments/instrument.entity';
import { ROUND_STATUSES, type RoundStatus } from './round-status';

/** One quarter's pulse in one footprint: draft → open → closed → scored. */
@Entity('round')
@Unique('round_footprint_period_key', ['footprintId', 'period'])
@Check('round_status_check', `"status" IN (${ROUND_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('round_dates_check', '"closes_at" > "opens_at"')
// The scheduler's scans: open rounds past their close, with their close time.
@Index('round_status_closes_idx', ['status', 'closesAt'])
export class Round {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'round_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'round_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'uuid' })
  instrumentId: string;

  @ManyToOne(() => Instrument, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'instrument_id', foreignKeyConstraintName: 'round_instrument_fk' })
  instrument: Relation<Instrument>;

  /** YYYY-Qn, unique per footprint. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  /** Membership is taken as at these dates: organisations that are members at any time between them. */
  @Column({ type: 'timestamptz' })
  opensAt: Date;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: RoundStatus;

  /** Created and opened by the footprint's quarterly schedule rather than by a lead. */
  @Column({ type: 'boolean', default: false })
  scheduled: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  scoredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
