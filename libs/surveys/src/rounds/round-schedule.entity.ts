import { Footprint } from '@pp/registry';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Instrument } from '../instruments/instrument.entity';

/** A footprint's quarterly schedule: each quarter a round is created and opened, then closed, without a lead. */
@Entity('round_schedule')
@Unique('round_schedule_footprint_key', ['footprintId'])
@Check('round_schedule_open_day_check', '"open_day" BETWEEN 1 AND 28')
@Check('round_schedule_duration_check', '"duration_days" BETWEEN 1 AND 60')
export class RoundSchedule {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'round_schedule_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'round_schedule_footprint_fk' })
  footprint: Relation<Footprint>;

  /** Null: whichever instrument is the default when the round is created. */
  @Column({ type: 'uuid', nullable: true })
  instrumentId: string | null;

  @ManyToOne(() => Instrument, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'instrument_id', foreignKeyConstraintName: 'round_schedule_instrument_fk' })
  instrument: Relation<Instrument> | null;

  /** Day of the quarter's first month on which the round opens (00:00 UTC). */
  @Column({ type: 'smallint', default: 1 })
  openDay: number;

  @Column({ type: 'smallint', default: 21 })
  durationDays: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
