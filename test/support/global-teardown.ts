import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_SERVER_DATABASE_URL;
  if (!serverUrl || process.env.KEEP_TEST_DATABASE) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "pulse_test_${process.pid}" WITH (FORCE)`);
  await admin.end();
}
