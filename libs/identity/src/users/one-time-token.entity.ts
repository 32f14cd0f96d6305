import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const ONE_TIME_TOKEN_PURPOSES = ['invitation', 'password_reset'] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/** A single-use, expiring token given to a user: accept an invitation or reset a password. Only its hash is kept. */
@Entity('one_time_token')
@Unique('one_time_token_token_hash_key', ['tokenHash'])
export class OneTimeToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'one_time_token_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'enum', enum: ONE_TIME_TOKEN_PURPOSES, enumName: 'one_time_token_purpose' })
  purpose: OneTimeTokenPurpose;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
