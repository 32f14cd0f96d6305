import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ROLES, type Role } from '../access/actor';
import { User } from './user.entity';

/**
 * One role held by one user within one scope: the platform, a footprint or an organisation.
 * The migration adds what TypeORM cannot declare: one grant per (user, role, scope), NULLs equal,
 * and a check that each role carries exactly the scope it is granted at.
 */
@Entity('role_grant')
export class RoleGrant {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'role_grant_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, (user) => user.grants, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'role_grant_user_fk' })
  user: Relation<User>;

  @Column({ type: 'enum', enum: ROLES, enumName: 'role' })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  footprintId: string | null;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Not a column: the code and name of organisationId, filled in by UsersService for the users' pages. */
  organisation?: { code: string; name: string } | null;
}
