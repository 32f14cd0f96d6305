import { Footprint } from '@pp/registry';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/**
 * The latest scoring run of a round: provisional while the round is open, final once it closed.
 * Final rows order a footprint's scored rounds for trends, and say when a round was scored even
 * when it had no responses (and so no score rows).
 */
@Entity('round_scoring')
@Index('round_scoring_footprint_period_idx', ['footprintId', 'period'])
export class RoundScoring {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'round_scoring_pkey' })
  roundId: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'round_scoring_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'boolean' })
  provisional: boolean;

  /** Responses in the round when it was scored. */
  @Column({ type: 'integer' })
  respondents: number;

  @Column({ type: 'uuid', nullable: true })
  previousRoundId: string | null;

  @Column({ type: 'timestamptz' })
  computedAt: Date;

  /** Wall time of the computation, for operators. */
  @Column({ type: 'integer' })
  durationMs: number;
}
