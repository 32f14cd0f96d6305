import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The node-postgres pool behind a TypeORM data source, for what the ORM does not do (prepared statements, cursors, COPY, LISTEN). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
