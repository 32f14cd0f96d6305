import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { type OptionDefinition, QUESTION_TYPES, type QuestionType } from './instrument-definition';
import { Instrument } from './instrument.entity';

/** One question of one instrument version; immutable with its instrument. */
@Entity('question')
@Unique('question_instrument_key_key', ['instrumentId', 'key'])
@Unique('question_instrument_position_key', ['instrumentId', 'position'])
@Check('question_type_check', `"type" IN (${QUESTION_TYPES.map((t) => `'${t}'`).join(', ')})`)
export class Question {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'question_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  instrumentId: string;

  @ManyToOne(() => Instrument, (instrument) => instrument.questions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'instrument_id', foreignKeyConstraintName: 'question_instrument_fk' })
  instrument: Relation<Instrument>;

  /** Order in which the questions are asked, from 0. */
  @Column({ type: 'smallint' })
  position: number;

  /**
   * Index of this question's answer within its store: `response.choices` (scale, yes/no, single
   * choice), `response_partner_rating.choices` (partner ratings) or the free texts. Stored so that
   * set-based scoring SQL can join a choice to its question and dimension without re-deriving it.
   */
  @Column({ type: 'smallint' })
  slot: number;

  @Column({ type: 'varchar', length: 63 })
  key: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 20 })
  type: QuestionType;

  /** Scored scale and yes/no items only; partner ratings are scored per dyad. */
  @Column({ type: 'varchar', length: 63, nullable: true })
  dimension: string | null;

  /** Least favourable first for ordered types; a choice is stored as the index into this list. */
  @Column({ type: 'jsonb' })
  options: OptionDefinition[];

  @Column({ type: 'boolean', default: false })
  reversed: boolean;

  @Column({ type: 'boolean', default: false })
  allowDontKnow: boolean;

  @Column({ type: 'boolean', default: true })
  required: boolean;
}
