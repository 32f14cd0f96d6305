import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** The one description of how we talk to PostgreSQL, shared by the apps, the CLI and the tests. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
