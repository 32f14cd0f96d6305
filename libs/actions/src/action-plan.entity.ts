import { Alert } from '@pp/alerts';
import { Footprint, Organisation } from '@pp/registry';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { ACTION_STATUSES, type ActionStatus, type LinkKind } from './action-status';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * What a footprint's leads decided to do about one alert, dyad, sector pair or dimension (the link:
 * exactly one, enforced by action_plan_link_check), by when, and who owns it. `baselineRoundId` is
 * the round latest scored when it was recorded: the "before" of every later round's "did it work?".
 */
@Entity('action_plan')
@Index('action_plan_footprint_idx', ['footprintId', 'createdAt'])
@Index('action_plan_due_idx', ['dueOn'], { where: `reminded_at IS NULL AND status IN ('planned', 'in_progress')` })
@Check('action_plan_status_check', `"status" IN (${list(ACTION_STATUSES)})`)
@Check(
  'action_plan_link_check',
  `(link_kind = 'alert' AND alert_id IS NOT NULL AND num_nonnulls(rater_organisation_id, rated_organisation_id, rater_sector, rated_sector, dimension) = 0)
   OR (link_kind = 'dyad' AND rater_organisation_id IS NOT NULL AND rated_organisation_id IS NOT NULL AND rater_organisation_id <> rated_organisation_id AND num_nonnulls(alert_id, rater_sector, rated_sector, dimension) = 0)
   OR (link_kind = 'sector_pair' AND rater_sector IS NOT NULL AND rated_sector IS NOT NULL AND num_nonnulls(alert_id, rater_organisation_id, rated_organisation_id, dimension) = 0)
   OR (link_kind = 'dimension' AND dimension IS NOT NULL AND num_nonnulls(alert_id, rater_organisation_id, rated_organisation_id, rater_sector, rated_sector) = 0)`,
)
@Check('action_plan_figure_check', 'num_nulls(figure_scope, figure_subject, figure_measure) IN (0, 3)')
@Check('action_plan_baseline_check', '(baseline_round_id IS NULL) = (baseline_period IS NULL)')
export class ActionPlan {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'action_plan_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'action_plan_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'varchar', length: 12 })
  linkKind: LinkKind;

  @Column({ type: 'uuid', nullable: true })
  alertId: string | null;

  @ManyToOne(() => Alert, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'action_plan_alert_fk' })
  alert: Relation<Alert> | null;

  /** A dyad: the rating member and the rated one. */
  @Column({ type: 'uuid', nullable: true })
  raterOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'rater_organisation_id', foreignKeyConstraintName: 'action_plan_rater_fk' })
  raterOrganisation: Relation<Organisation> | null;

  @Column({ type: 'uuid', nullable: true })
  ratedOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'rated_organisation_id', foreignKeyConstraintName: 'action_plan_rated_fk' })
  ratedOrganisation: Relation<Organisation> | null;

  /** A sector pair: the rating sector and the rated one. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  raterSector: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  ratedSector: string | null;

  /** A dimension's key, footprint-wide. */
  @Column({ type: 'varchar', length: 63, nullable: true })
  dimension: string | null;

  /** The stored score the link follows (score.scope, subject, measure); null when it follows none (an alert on a response rate). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  figureScope: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  figureSubject: string | null;

  @Column({ type: 'varchar', length: 63, nullable: true })
  figureMeasure: string | null;

  /** The member organisation that will do it. */
  @Column({ type: 'uuid' })
  ownerOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id', foreignKeyConstraintName: 'action_plan_owner_fk' })
  ownerOrganisation: Relation<Organisation>;

  /** What will be done. */
  @Column({ type: 'varchar', length: 2000 })
  description: string;

  /** YYYY-MM-DD; overdue from the next day (UTC). */
  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'varchar', length: 12 })
  status: ActionStatus;

  @Column({ type: 'uuid', nullable: true })
  baselineRoundId: string | null;

  @Column({ type: 'varchar', length: 7, nullable: true })
  baselinePeriod: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** When the overdue reminder was queued: at most once per action. */
  @Column({ type: 'timestamptz', nullable: true })
  remindedAt: Date | null;
}
