import { Footprint } from '@pp/registry';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import type { Band } from '../bands';
import type { Trend } from '../trend';
import { type Scope, SCOPES } from './score-scopes';

/**
 * One aggregate of one round: scope × subject × measure, with its statistics and its comparison with
 * the footprint's previous scored round. A round's rows are replaced as a whole by each scoring run
 * (upserted by the natural key, stale rows deleted in the same transaction), so row ids stay stable
 * across re-runs and a retried job never leaves two versions.
 *
 * Values are stored unsuppressed; every read passes the anonymity gate, which needs `respondents`
 * (and, for comparisons and gaps, the respondents behind the other value) to decide what to show.
 * No foreign key to round: its table belongs to the survey engine, and rounds are never deleted.
 */
@Entity('score')
@Unique('score_natural_key', ['roundId', 'scope', 'subject', 'measure'])
@Index('score_history_idx', ['footprintId', 'scope', 'subject', 'measure', 'period'])
// The BI API's default order, so its pages and exports read a footprint's scores without sorting them.
@Index('score_period_order_idx', ['footprintId', 'period', 'scope', 'subject', 'measure'])
@Check('score_scope_check', `"scope" IN (${SCOPES.map((s) => `'${s}'`).join(', ')})`)
export class Score {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'score_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'score_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'uuid' })
  roundId: string;

  /** The round's period (YYYY-Qn), so history reads in order without the survey tables. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  /** True while the round is open: a debounced rescore after submissions, replaced at close. */
  @Column({ type: 'boolean' })
  provisional: boolean;

  @Column({ type: 'varchar', length: 20 })
  scope: Scope;

  /** See subjectKey(): `footprint`, an organisation id, a sector, or `from>to`. */
  @Column({ type: 'varchar', length: 80 })
  subject: string;

  /** `rhi`, a dimension key, `partner_rating`, or a network measure. */
  @Column({ type: 'varchar', length: 63 })
  measure: string;

  /** The member scored, or the rating member of a dyad. */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  /** The rated member of a dyad. */
  @Column({ type: 'uuid', nullable: true })
  partnerOrganisationId: string | null;

  /** The sector scored, or the rating sector of a sector pair. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  sector: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  partnerSector: string | null;

  /** Distinct respondents behind the value: what the anonymity gate compares with k. */
  @Column({ type: 'integer' })
  respondents: number;

  /** Size of the sample the mean, sd and CI are over: respondents, ratings, or dyads for network measures. */
  @Column({ type: 'integer' })
  n: number;

  @Column({ type: 'double precision', nullable: true })
  mean: number | null;

  @Column({ type: 'double precision', nullable: true })
  sd: number | null;

  @Column({ type: 'double precision', nullable: true })
  ciLower: number | null;

  @Column({ type: 'double precision', nullable: true })
  ciUpper: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  band: Band | null;

  /** The footprint's previous scored round, and this subject's score and respondents in it. */
  @Column({ type: 'uuid', nullable: true })
  previousRoundId: string | null;

  @Column({ type: 'double precision', nullable: true })
  previousMean: number | null;

  @Column({ type: 'integer', nullable: true })
  previousRespondents: number | null;

  @Column({ type: 'double precision', nullable: true })
  delta: number | null;

  /** Welch's two-sided p from the two rounds' summaries. */
  @Column({ type: 'double precision', nullable: true })
  pValue: number | null;

  @Column({ type: 'boolean', default: false })
  significant: boolean;

  @Column({ type: 'varchar', length: 15, nullable: true })
  trend: Trend | null;

  /** Points per round over the last four scored rounds (this one included). */
  @Column({ type: 'double precision', nullable: true })
  slope: number | null;

  /** The fewest respondents of any round in the slope, so the gate can withhold a slope that would reveal a suppressed round. */
  @Column({ type: 'integer', nullable: true })
  slopeMinRespondents: number | null;

  /** Round-on-round declines ending at this round (three consecutive declines raise an alert). */
  @Column({ type: 'smallint', default: 0 })
  consecutiveDeclines: number;

  /** Sector pairs and dyads: this direction minus the reverse (S→T − T→S), with the reverse's respondents. */
  @Column({ type: 'double precision', nullable: true })
  perceptionGap: number | null;

  @Column({ type: 'integer', nullable: true })
  gapRespondents: number | null;

  @Column({ type: 'timestamptz' })
  computedAt: Date;
}
