import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations';
import { AppConfig } from '../config/app-config';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How many connections a process may hold, and how long one may sit unused (0: kept). */
export type PoolSettings = Pick<AppConfig, 'DATABASE_POOL_SIZE' | 'DATABASE_IDLE_SECONDS'>;

/**
 * The one description of how we talk to PostgreSQL, shared by the apps, the CLI and the tests.
 * Callers without settings (migrators, the CLI) get the settings' own defaults.
 */
export function dataSourceOptions(url: string, pool: PoolSettings = new AppConfig()): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    extra: { max: pool.DATABASE_POOL_SIZE, idleTimeoutMillis: pool.DATABASE_IDLE_SECONDS * 1000, connectionTimeoutMillis: 5000 },
  };
}
