import { Footprint } from '@pp/registry';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { type Breakdown, BREAKDOWNS } from './distributions';

/**
 * How one group answered one question in one round: a count per option (in the question's option
 * order), "don't know", and the favourable / neutral / unfavourable shares of the answers with an
 * opinion. Replaced with the round's scores by each scoring run; read only through the anonymity gate.
 */
@Entity('question_distribution')
@Unique('question_distribution_natural_key', ['roundId', 'questionKey', 'breakdown', 'groupKey'])
@Check('question_distribution_breakdown_check', `"breakdown" IN (${BREAKDOWNS.map((b) => `'${b}'`).join(', ')})`)
export class QuestionDistribution {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'question_distribution_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'question_distribution_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'uuid' })
  roundId: string;

  @Column({ type: 'varchar', length: 63 })
  questionKey: string;

  @Column({ type: 'varchar', length: 20 })
  breakdown: Breakdown;

  /** `all`, or the sector, organisation type or respondent role of the group. */
  @Column({ type: 'varchar', length: 40 })
  groupKey: string;

  /** Distinct respondents who answered: what the anonymity gate compares with k. */
  @Column({ type: 'integer' })
  respondents: number;

  /** Answers, "don't know" included; for partner ratings one per rated partner. */
  @Column({ type: 'integer' })
  answered: number;

  @Column({ type: 'integer' })
  dontKnow: number;

  @Column({ type: 'integer', array: true })
  counts: number[];

  /** Null for unordered questions (single choice), which have no favourable end. */
  @Column({ type: 'double precision', nullable: true })
  favourableShare: number | null;

  @Column({ type: 'double precision', nullable: true })
  neutralShare: number | null;

  @Column({ type: 'double precision', nullable: true })
  unfavourableShare: number | null;

  @Column({ type: 'timestamptz' })
  computedAt: Date;
}
