import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/core/src/database/data-source-options';

/**
 * Creates a fresh database for this run and brings it up to date with the real migrations,
 * so the suite also proves that the migrations build the schema the code expects.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL and Redis');
  }
  const testUrl = new URL(serverUrl);
  testUrl.pathname = '/pulse_test';
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS pulse_test WITH (FORCE)');
  await admin.query('CREATE DATABASE pulse_test');
  await admin.end();

  const dataSource = new DataSource(dataSourceOptions(testUrl.toString()));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  process.env.TEST_DATABASE_URL = testUrl.toString();
}
