import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { CODE_SYSTEMS, type CodeSystem, ORGANISATION_TYPES, type OrganisationType } from './organisation-types';

/** A council, NHS body, GP practice or other organisation; it can be a member of several footprints. */
@Entity('organisation')
@Unique('organisation_code_key', ['code'])
@Check('organisation_open_close_check', '"closed_on" IS NULL OR "opened_on" IS NULL OR "closed_on" >= "opened_on"')
export class Organisation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'organisation_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 9 })
  code: string;

  @Column({ type: 'enum', enum: CODE_SYSTEMS, enumName: 'code_system' })
  codeSystem: CodeSystem;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: ORGANISATION_TYPES, enumName: 'organisation_type' })
  type: OrganisationType;

  /** Legal open and close dates as ODS publishes them (CCGs closed on 2022-06-30). */
  @Column({ type: 'date', nullable: true })
  openedOn: string | null;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
