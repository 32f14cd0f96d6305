import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { RESPONDENT_ROLES, RESPONSE_SOURCES, type RespondentRole, type ResponseSource } from './respondent-roles';

/**
 * One respondent's answers to one round, in one row; their partner ratings are one row per rated
 * partner in `response_partner_rating`, written by the same statement. Instruments are immutable,
 * so answers are stored by position and scored once, at write time:
 *
 * - `choices[s]`: the chosen option's index for the question with `question.slot = s` among the
 *   scale, yes/no and single-choice questions; -1 is "don't know"; null is unanswered.
 * - `item_scores[s]`: that choice scored 0–100 (100·i/(m−1), reversed items flipped); null when
 *   unanswered, "don't know" or unscored. `dimension_scores[d]`: the mean of the respondent's item
 *   scores in `instrument.dimensions[d]`. Round scoring aggregates these with set-based SQL
 *   (unnest … WITH ORDINALITY, avg) and never re-derives options.
 * - `free_text`: question key → text; read only by the footprint's leads, behind the anonymity gate.
 *
 * A respondent is `u:<user id>` (account), `l:<link id>` (link) or `i:<uuid>` (uploaded row); the
 * unique (round, respondent) key makes a resubmission replace the response rather than add one.
 * No foreign keys to round or organisation: every submission would take a key-share lock on the same
 * hot parent rows; both are checked before the write, and neither is ever deleted.
 */
@Entity('response')
@Unique('response_round_respondent_key', ['roundId', 'respondentKey'])
@Index('response_round_organisation_idx', ['roundId', 'organisationId'])
@Index('response_round_first_submission_idx', ['roundId', 'firstSubmittedAt', 'id'])
@Check('response_role_check', `"respondent_role" IN (${RESPONDENT_ROLES.map((r) => `'${r}'`).join(', ')})`)
@Check('response_source_check', `"source" IN (${RESPONSE_SOURCES.map((s) => `'${s}'`).join(', ')})`)
export class ResponseRecord {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'response_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 40 })
  respondentKey: string;

  @Column({ type: 'varchar', length: 10 })
  source: ResponseSource;

  @Column({ type: 'varchar', length: 20 })
  respondentRole: RespondentRole;

  @Column({ type: 'smallint', array: true })
  choices: (number | null)[];

  @Column({ type: 'double precision', array: true })
  itemScores: (number | null)[];

  @Column({ type: 'double precision', array: true })
  dimensionScores: (number | null)[];

  @Column({ type: 'jsonb', nullable: true })
  freeText: Record<string, string> | null;

  /** 1 for the first submission, +1 for each replacement before close. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  /**
   * When the respondent first submitted to the round: set by the default when the row is inserted and
   * never by a resubmission, whose upsert lists the columns it replaces. Provisional figures cover the
   * round's first respondents in this order (then by id).
   */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  firstSubmittedAt: Date;
}
