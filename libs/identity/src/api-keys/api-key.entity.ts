import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { ApiKeyFootprint } from './api-key-footprint.entity';

/** A read-only key for BI tools, scoped to footprints. The key itself is shown once; only its hash is kept. */
@Entity('api_key')
@Unique('api_key_prefix_key', ['prefix'])
@Unique('api_key_key_hash_key', ['keyHash'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'api_key_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The start of the key, kept in clear so people can tell their keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: 'char', length: 64, select: false })
  keyHash: string;

  @OneToMany(() => ApiKeyFootprint, (footprint) => footprint.apiKey, { cascade: ['insert'] })
  footprints: Relation<ApiKeyFootprint[]>;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
