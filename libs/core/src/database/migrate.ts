import { type DataSource, type Migration, MigrationExecutor } from 'typeorm';

/** The advisory lock every migrator takes: `SELECT pg_advisory_lock(hashtextextended($1, 0))`. */
export const MIGRATIONS_LOCK = 'schema_migrations';

/**
 * Applies the pending migrations, one transaction each, while holding a session advisory lock on
 * the database, so that processes starting at once (several hosts' deploy steps, `docker compose
 * up` with a migrate service per host, parallel test set-ups) never both migrate: the second waits,
 * then finds nothing pending. Everything, the creation of the migrations table included, runs on
 * the one connection that holds the lock. Returns the migrations this call applied.
 */
export async function migrate(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return await executor.executePendingMigrations();
    } finally {
      // A connection that broke took its session lock with it; its error is the one worth reporting.
      await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
