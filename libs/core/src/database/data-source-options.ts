import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How many connections a process may hold, and how long one may sit unused (0: kept). */
export interface PoolSettings {
  size: number;
  idleSeconds: number;
}

/** The one description of how we talk to PostgreSQL, shared by the apps, the CLI and the tests. */
export function dataSourceOptions(url: string, pool: PoolSettings = { size: 20, idleSeconds: 300 }): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    extra: { max: pool.size, idleTimeoutMillis: pool.idleSeconds * 1000, connectionTimeoutMillis: 5000 },
  };
}
