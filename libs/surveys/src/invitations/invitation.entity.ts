import { Organisation } from '@pp/registry';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Round } from '../rounds/round.entity';

/** A member organisation asked to answer a round; written with the round's opening, in one transaction. */
@Entity('invitation')
@Unique('invitation_round_organisation_key', ['roundId', 'organisationId'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'invitation_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'invitation_round_fk' })
  round: Relation<Round>;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'invitation_organisation_fk' })
  organisation: Relation<Organisation>;

  /** Respondents hoped for: the denominator of the organisation's response rate. */
  @Column({ type: 'smallint' })
  expectedRespondents: number;

  @Column({ type: 'timestamptz' })
  invitedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastRemindedAt: Date | null;

  @Column({ type: 'smallint', default: 0 })
  reminderCount: number;
}
