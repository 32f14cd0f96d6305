import { Footprint } from '@pp/registry';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { AlertRule } from '../rules/alert-rule.entity';
import type { RuleKind, Severity } from '../rules/rule-kinds';
import { ALERT_STATUSES, type AlertStatus, type Resolution } from './alert-status';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A rule met by one subject in one round. The unique key is what makes a retried or duplicated
 * evaluation harmless: there is one alert per rule × subject × round, ever, inserted with
 * ON CONFLICT DO NOTHING. No foreign key to round: the survey engine owns that table and never
 * deletes a round.
 */
@Entity('alert')
@Unique('alert_rule_subject_round_key', ['ruleId', 'subject', 'roundId'])
@Index('alert_footprint_status_idx', ['footprintId', 'status', 'raisedAt'])
@Check('alert_status_check', `"status" IN (${list(ALERT_STATUSES)})`)
@Check('alert_resolved_check', `("status" = 'resolved') = ("resolved_at" IS NOT NULL)`)
export class Alert {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'alert_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'alert_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'uuid' })
  ruleId: string;

  @ManyToOne(() => AlertRule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rule_id', foreignKeyConstraintName: 'alert_rule_fk' })
  rule: Relation<AlertRule>;

  /** The rule's kind and severity when the alert was raised; later edits to the rule do not rewrite history. */
  @Column({ type: 'varchar', length: 30 })
  kind: RuleKind;

  @Column({ type: 'varchar', length: 10 })
  severity: Severity;

  @Column({ type: 'uuid' })
  roundId: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  /** Stable across rounds, e.g. `dyad:<from>><to>` (see Finding in evaluate-rules.ts). */
  @Column({ type: 'varchar', length: 120 })
  subject: string;

  @Column({ type: 'varchar', length: 300 })
  subjectLabel: string;

  @Column({ type: 'text' })
  summary: string;

  /** The values behind the alert: means, deltas, p, gap, rates. */
  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ type: 'varchar', length: 12 })
  status: AlertStatus;

  @Column({ type: 'timestamptz' })
  raisedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Null when a later round cleared the condition. */
  @Column({ type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  resolution: Resolution | null;

  /** The round whose scores cleared the condition. */
  @Column({ type: 'uuid', nullable: true })
  resolvedInRoundId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
