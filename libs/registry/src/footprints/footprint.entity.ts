import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { DEFAULT_ANONYMITY_THRESHOLD, FOOTPRINT_KINDS, type FootprintKind, MIN_ANONYMITY_THRESHOLD, NATIONS, type Nation } from './footprint-codes';

/** A partnership area: an STP/ICS in England, an HSCP in Scotland, an RPB in Wales. */
@Entity('footprint')
@Unique('footprint_code_key', ['code'])
@Check('footprint_anonymity_threshold_check', `"anonymity_threshold" >= ${MIN_ANONYMITY_THRESHOLD}`)
export class Footprint {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'footprint_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 9 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: FOOTPRINT_KINDS, enumName: 'footprint_kind' })
  kind: FootprintKind;

  @Column({ type: 'enum', enum: NATIONS, enumName: 'nation' })
  nation: Nation;

  @Column({ type: 'varchar', length: 100 })
  regionName: string;

  @Column({ type: 'varchar', length: 9, nullable: true })
  regionCode: string | null;

  @Column({ type: 'smallint', default: DEFAULT_ANONYMITY_THRESHOLD })
  anonymityThreshold: number;

  /** Opted in to the national benchmark: its footprint-level figures are compared with other sharers' (off by default). */
  @Column({ type: 'boolean', default: false })
  benchmarkSharing: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
