import { Footprint } from '@pp/registry';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { DRIVER_CLASSES, DRIVER_KINDS, type DriverClass, type DriverKind } from '../drivers';

/**
 * One key driver of a round: a dimension or item against the overall relationship item. Written with
 * the round's final scores and replaced with them (same computed_at); read only through the anonymity
 * gate, which judges the correlation by `respondents` and the weight by `modelRespondents`.
 */
@Entity('key_driver')
@Unique('key_driver_natural_key', ['roundId', 'kind', 'key'])
@Index('key_driver_footprint_period_idx', ['footprintId', 'period'])
@Check('key_driver_kind_check', `"kind" IN (${DRIVER_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Check('key_driver_class_check', `"class" IN (${DRIVER_CLASSES.map((c) => `'${c}'`).join(', ')})`)
export class KeyDriver {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'key_driver_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'key_driver_footprint_fk' })
  footprint: Relation<Footprint>;

  @Column({ type: 'uuid' })
  roundId: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  /** The question key of the overall relationship item the drivers are correlated with. */
  @Column({ type: 'varchar', length: 63 })
  outcome: string;

  @Column({ type: 'varchar', length: 10 })
  kind: DriverKind;

  /** The dimension key, or the item's question key. */
  @Column({ type: 'varchar', length: 63 })
  key: string;

  /** An item's dimension; null for a dimension. */
  @Column({ type: 'varchar', length: 63, nullable: true })
  dimension: string | null;

  /** Respondents who scored both the driver and the outcome: the correlation's sample. */
  @Column({ type: 'integer' })
  respondents: number;

  /** As published elsewhere: a dimension's footprint score, an item's mean over everyone who scored it. */
  @Column({ type: 'double precision', nullable: true })
  mean: number | null;

  @Column({ type: 'double precision', nullable: true })
  correlation: number | null;

  @Column({ type: 'double precision', nullable: true })
  ciLower: number | null;

  @Column({ type: 'double precision', nullable: true })
  ciUpper: number | null;

  /** Respondents who scored the outcome and every driver of this kind: the relative weights' sample. */
  @Column({ type: 'integer' })
  modelRespondents: number;

  @Column({ type: 'double precision', nullable: true })
  rSquared: number | null;

  @Column({ type: 'double precision', nullable: true })
  relativeWeight: number | null;

  /** relativeWeight / rSquared. */
  @Column({ type: 'double precision', nullable: true })
  importance: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  class: DriverClass | null;

  @Column({ type: 'timestamptz' })
  computedAt: Date;
}
