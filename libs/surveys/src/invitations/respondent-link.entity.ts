import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Round } from '../rounds/round.entity';

/**
 * A single-use link for a respondent without an account, bound to one organisation and one round.
 * Only the SHA-256 of the token is kept: a copy of the database cannot be used to answer.
 */
@Entity('respondent_link')
@Index('respondent_link_round_idx', ['roundId', 'organisationId'])
export class RespondentLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'respondent_link_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'respondent_link_round_fk' })
  round: Relation<Round>;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Index('respondent_link_token_hash_key', { unique: true })
  @Column({ type: 'bytea' })
  tokenHash: Buffer;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set by the submission that used the link, in the same statement. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** The lead who issued it. */
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
