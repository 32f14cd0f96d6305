import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Footprint } from '../footprints/footprint.entity';
import { Organisation } from '../organisations/organisation.entity';

/** An organisation's membership of a footprint from one date to another (inclusive; open-ended while current). */
@Entity('membership')
@Check('membership_dates_check', '"member_to" IS NULL OR "member_to" >= "member_from"')
// The database refuses overlapping periods even when two writers race past the service's check.
@Exclusion(
  'membership_no_overlap',
  `USING gist ("footprint_id" WITH =, "organisation_id" WITH =, daterange("member_from", "member_to", '[]') WITH &&)`,
)
@Index('membership_footprint_period_idx', ['footprintId', 'memberFrom'])
export class Membership {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'membership_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  footprintId: string;

  @ManyToOne(() => Footprint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'footprint_id', foreignKeyConstraintName: 'membership_footprint_fk' })
  footprint: Relation<Footprint>;

  @Index('membership_organisation_idx')
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'membership_organisation_fk' })
  organisation: Relation<Organisation>;

  @Column({ type: 'date' })
  memberFrom: string;

  @Column({ type: 'date', nullable: true })
  memberTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
