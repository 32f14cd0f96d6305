import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import type { DimensionDefinition } from './instrument-definition';
import type { InstrumentTranslations } from './instrument-translations';
import { Question } from './question.entity';

/**
 * One version of a survey instrument. Its content (dimensions, questions, translations) never changes once a
 * round uses it (`lockedAt` set): responses store answers by slot and precomputed scores, which
 * are only meaningful against the exact version they were given to. A change makes version n + 1.
 */
@Entity('instrument')
@Unique('instrument_key_version_key', ['key', 'version'])
@Index('instrument_one_default_idx', ['isDefault'], { unique: true, where: '"is_default"' })
export class Instrument {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'instrument_pkey' })
  id: string;

  /** Shared by every version of the same instrument, e.g. relationship-health-pulse. */
  @Column({ type: 'varchar', length: 63 })
  key: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** In index order: `response.dimension_scores[i]` is the score of `dimensions[i]`. */
  @Column({ type: 'jsonb' })
  dimensions: DimensionDefinition[];

  /** The version's words in other languages, by language tag; immutable with the rest of the version. */
  @Column({ type: 'jsonb', default: {} })
  translations: InstrumentTranslations;

  /** The instrument new rounds get when none is named; at most one. */
  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  /** When a round first used this version; from then on it is immutable. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @OneToMany(() => Question, (question) => question.instrument)
  questions: Relation<Question>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
