import { Logger } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations';
import { AppConfig } from '../config/app-config';
import { isConnectionError, outages } from '../health/outages';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How many connections a process may hold, how long one may sit unused (0: kept), and how long a query waits for one. */
export type PoolSettings = Pick<AppConfig, 'DATABASE_POOL_SIZE' | 'DATABASE_IDLE_SECONDS' | 'DATABASE_CONNECT_TIMEOUT_MS'>;

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
    extra: { max: pool.DATABASE_POOL_SIZE, idleTimeoutMillis: pool.DATABASE_IDLE_SECONDS * 1000, connectionTimeoutMillis: pool.DATABASE_CONNECT_TIMEOUT_MS },
    // An idle connection the server closed (a restart) leaves the pool, which opens a fresh one when
    // next asked; the outage is logged once, not once per connection.
    poolErrorHandler: (error: unknown) => {
      if (isConnectionError(error)) outages.down('postgres', error);
      else new Logger('Database').warn(`PostgreSQL pool error: ${error instanceof Error ? error.message : String(error)}`);
    },
  };
}
