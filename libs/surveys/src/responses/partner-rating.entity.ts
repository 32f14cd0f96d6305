import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ResponseRecord } from './response-record.entity';

/**
 * One respondent's ratings of one fellow member organisation: the dyad organisation → partner.
 * `choices[s]` and `item_scores[s]` follow the partner-rating questions' slots (`question.slot`),
 * coded as in `response.choices`; `score` is the mean of `item_scores`, so a dyad score is
 * avg(score) grouped by (round_id, organisation_id, partner_organisation_id). Footprint, round and
 * rating organisation are copied from the response so that aggregation reads this table alone.
 * A response's rows are written with it, by one statement (see ResponseWriter).
 */
@Entity('response_partner_rating')
@Index('response_partner_rating_dyad_idx', ['roundId', 'organisationId', 'partnerOrganisationId'])
export class PartnerRating {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'response_partner_rating_pkey' })
  responseId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'response_partner_rating_pkey' })
  partnerOrganisationId: string;

  @ManyToOne(() => ResponseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'response_id', foreignKeyConstraintName: 'response_partner_rating_response_fk' })
  response: Relation<ResponseRecord>;

  @Column({ type: 'uuid' })
  footprintId: string;

  @Column({ type: 'uuid' })
  roundId: string;

  /** The rating respondent's organisation. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'smallint', array: true })
  choices: (number | null)[];

  @Column({ type: 'double precision', array: true })
  itemScores: (number | null)[];

  @Column({ type: 'double precision', nullable: true })
  score: number | null;
}
