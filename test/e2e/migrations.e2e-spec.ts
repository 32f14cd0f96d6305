import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { DEFAULT_INSTRUMENT_ID, questionRows, RELATIONSHIP_HEALTH_PULSE_V1 } from '@pp/surveys';
import { MIGRATIONS_LOCK } from '../../libs/core/src/database/migrate';
import { migrations } from '../../migrations';

/**
 * Upgrades: the migrations run as an operator runs them (`npm run migrate`, the CLI from source),
 * and what they install agrees with the code that reads it.
 */
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
const ALL = migrations.map((Migration) => new Migration().name as string);

interface Exit {
  status: number | null;
  stdout: string;
  stderr: string;
}

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

  const migrateCli = () =>
    new Promise<Exit>((resolve, reject) => {
      const child = spawn('node', [...TS_NODE, 'apps/api/src/cli.ts', 'migrate'], {
        env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url.toString(), REDIS_URL: process.env.REDIS_URL ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (status) => resolve({ status, stdout, stderr }));
    });

  afterAll(() => onServer(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));

  it('two migrators starting at once on a fresh database both succeed, and each migration runs once', async () => {
    await onServer(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`, `CREATE DATABASE "${dbName}"`);
    // The test holds the migrators' lock until both processes are queued on it, so they are certain
    // to race for the empty database at the same instant rather than one after the other.
    const gate = new Client({ connectionString: url.toString() });
    await gate.connect();
    try {
      await gate.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]);
      let exited = 0;
      const runs = [migrateCli(), migrateCli()].map((run) => run.finally(() => (exited += 1)));
      let waiting = 0;
      for (let i = 0; i < 480 && waiting < 2 && exited === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const { rows } = await gate.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        waiting = rows[0]?.n ?? 0;
      }
      if (exited > 0) console.error('a migrator did not wait for the lock:', await Promise.race(runs));
      expect(waiting).toBe(2);
      await gate.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]);
      const exits = await Promise.all(runs);

      for (const exit of exits) expect(exit).toMatchObject({ status: 0, stderr: '' });
      // One applied them all; the other, once it had the lock, found nothing left to do.
      expect(exits.map((exit) => exit.stdout).sort()).toEqual([`Applied ${ALL.join(', ')}\n`, 'Database is up to date\n']);
      const { rows } = await gate.query<{ name: string; n: number }>('SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name ORDER BY min(id)');
      expect(rows).toEqual(ALL.map((name) => ({ name, n: 1 })));
    } finally {
      await gate.end();
    }
  }, 240_000);

  it('installed the default instrument exactly as libs/surveys defines it', async () => {
    // Migration 1795600000000 writes the instrument out as frozen SQL; the code's definition must still describe it.
    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      const v1 = RELATIONSHIP_HEALTH_PULSE_V1;
      const instrument = await db.query('SELECT id, key, version, name, description, dimensions, is_default, locked_at FROM instrument WHERE is_default');
      expect(instrument.rows).toEqual([
        { id: DEFAULT_INSTRUMENT_ID, key: v1.key, version: 1, name: v1.name, description: v1.description, dimensions: v1.dimensions, is_default: true, locked_at: null },
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
