import { Footprint } from '@pp/registry';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { RULE_KINDS, type RuleKind, SEVERITIES, type Severity } from './rule-kinds';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** One of a footprint's alert rules, as its leads have set it; one row per kind and footprint. */
@Entity('alert_rule')
@Unique('alert_rule_footprint_kind_key', ['footprintId', 'kind'])
@Check('alert_rule_kind_check', `"kind" IN (${list(RULE_KINDS)})`)
@Check('alert_rule_severity_check', `"severity" IN (${list(SEVERITIES)})`)
export class AlertRule {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'alert_rule_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'alert_rule_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'varchar', length: 30 })
  kind: RuleKind;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'varchar', length: 10 })
  severity: Severity;

  /** Points, rounds or a fraction, by kind (RULE_DEFINITIONS); null for kinds that follow the bands. */
  @Column({ type: 'double precision', nullable: true })
  threshold: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** The user who last changed the rule; null while it has its defaults. */
  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;
}
