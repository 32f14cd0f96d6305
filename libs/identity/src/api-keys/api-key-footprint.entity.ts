import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ApiKey } from './api-key.entity';

/** A footprint an API key may read. A row per footprint, so the database holds each to an existing footprint. */
@Entity('api_key_footprint')
export class ApiKeyFootprint {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'api_key_footprint_pkey' })
  apiKeyId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'api_key_footprint_pkey' })
  footprintId: string;

  @ManyToOne(() => ApiKey, (key) => key.footprints, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'api_key_footprint_api_key_fk' })
  apiKey: Relation<ApiKey>;
}
