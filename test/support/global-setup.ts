import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/core/src/database/data-source-options';
import { migrate } from '../../libs/core/src/database/migrate';

/**
 * Creates a database of this run's own and brings it up to date with the real migrations, so the
 * suite also proves the migrations build the schema the code expects. Runs never share a database.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL and Redis');
  }
  const name = `pulse_test_${process.pid}`;
  const testUrl = new URL(serverUrl);
  testUrl.pathname = `/${name}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'pulse\\_test\\_%'");
  for (const { datname } of stale.rows) {
    // A suite's own database (pulse_test_<pid>_<label>) lives as long as its jest worker, <pid>.
    const pid = Number.parseInt(datname.slice('pulse_test_'.length), 10);
    if (!isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const dataSource = new DataSource(dataSourceOptions(testUrl.toString()));
  await dataSource.initialize();
  await migrate(dataSource);
  await dataSource.destroy();
  process.env.TEST_DATABASE_URL = testUrl.toString();
  process.env.TEST_SERVER_DATABASE_URL = serverUrl;
  // Names this run for the test factories' code blocks (test/support/factories-registry.ts).
  process.env.TEST_RUN_ID = String(process.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
