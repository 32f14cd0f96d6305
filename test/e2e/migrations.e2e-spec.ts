import { Client } from 'pg';
import { DEFAULT_INSTRUMENT_ID, questionRows, RELATIONSHIP_HEALTH_PULSE_V1 } from '@pp/surveys';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/core/src/database/data-source-options';
import { migrate, MIGRATIONS_LOCK } from '../../libs/core/src/database/migrate';
import { migrations } from '../../migrations';

/**
 * Upgrades: the migrations run as every migrator runs them (migrate(): the CLI's `migrate`, the test
 * set-up), and what they install agrees with the code that reads it.
 */
const ALL = migrations.map((Migration) => new Migration().name as string);

describe('migrations', () => {
  const serverUrl = process.env.TEST_SERVER_DATABASE_URL ?? '';
  const dbName = `pulse_test_${process.pid}_migrations`;
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;

  const onServer = async (...statements: string[]) => {
    const server = new Client({ connectionString: serverUrl });
    await server.connect();
    try {
      for (const statement of statements) await server.query(statement);
    } finally {
      await server.end();
    }
  };

  afterAll(() => onServer(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));

  it('two migrators starting at once on a fresh database both succeed, and each migration runs once', async () => {
    await onServer(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`, `CREATE DATABASE "${dbName}"`);
    // Two data sources, as two processes would have: separate pools, separate PostgreSQL sessions.
    const migrators = [new DataSource(dataSourceOptions(url.toString())), new DataSource(dataSourceOptions(url.toString()))];
    const gate = new Client({ connectionString: url.toString() });
    await gate.connect();
    try {
      await Promise.all(migrators.map((migrator) => migrator.initialize()));
      // The test holds the migrators' lock until both are queued on it, so they are certain to race
      // for the empty database at the same instant rather than one after the other.
      await gate.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]);
      let settled = 0;
      const runs = migrators.map((migrator) => migrate(migrator).finally(() => (settled += 1)));
      let waiting = 0;
      for (let i = 0; i < 300 && waiting < 2 && settled === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const { rows } = await gate.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        waiting = rows[0]?.n ?? 0;
      }
      expect({ waiting, settled }).toEqual({ waiting: 2, settled: 0 });
      await gate.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]);
      const applied = await Promise.all(runs);

      // One applied them all; the other, once it had the lock, found nothing left to do.
      expect(applied.map((list) => list.map((migration) => migration.name)).sort((a, b) => b.length - a.length)).toEqual([ALL, []]);
      const { rows } = await gate.query<{ name: string; n: number }>('SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name ORDER BY min(id)');
      expect(rows).toEqual(ALL.map((name) => ({ name, n: 1 })));
    } finally {
      await gate.end();
      await Promise.all(migrators.filter((migrator) => migrator.isInitialized).map((migrator) => migrator.destroy()));
    }
  }, 120_000);

  it('installed the default instrument exactly as libs/surveys defines it', async () => {
    // Migration 1795600000000 writes the instrument out as frozen SQL; the code's definition must still describe it.
    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      const v1 = RELATIONSHIP_HEALTH_PULSE_V1;
      // Not locked_at: the suites sharing this database lock the instrument as soon as a round uses it.
      const instrument = await db.query('SELECT id, key, version, name, description, dimensions, is_default FROM instrument WHERE is_default');
      expect(instrument.rows).toEqual([
        { id: DEFAULT_INSTRUMENT_ID, key: v1.key, version: 1, name: v1.name, description: v1.description, dimensions: v1.dimensions, is_default: true },
      ]);
      const questions = await db.query(
        `SELECT position, slot, key, text, type, dimension, options, reversed, allow_dont_know AS "allowDontKnow", required
         FROM question WHERE instrument_id = $1 ORDER BY position`,
        [instrument.rows[0].id],
      );
      expect(questions.rows).toEqual(questionRows(v1));
    } finally {
      await db.end();
    }
  });
});
