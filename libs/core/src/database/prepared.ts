import { DataSource, EntityManager } from 'typeorm';
import { poolOf } from './pool';

/** The node-postgres client or pool behind TypeORM; TypeORM exposes it untyped. */
interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `text` as a named prepared statement on the manager's transaction, or on any pooled
 * connection: PostgreSQL parses and plans it once per connection instead of on every call. For hot
 * paths whose planning costs more than their execution (a large writable CTE planned at each of a
 * thousand submissions a second). `name` must be unique to `text` across the app.
 */
export async function preparedQuery<T>(source: DataSource | EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = source instanceof EntityManager ? source.queryRunner : undefined;
  const dataSource = source instanceof EntityManager ? source.connection : source;
  const target: PgQueryable = runner ? await runner.connect() : poolOf(dataSource);
  const result = await target.query({ name, text, values });
  return result.rows as T[];
}
