import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  rmSync(join(tmpdir(), `pulse-test-codes-${process.pid}`), { recursive: true, force: true });
  const serverUrl = process.env.TEST_SERVER_DATABASE_URL;
  if (!serverUrl || process.env.KEEP_TEST_DATABASE) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "pulse_test_${process.pid}" WITH (FORCE)`);
  await admin.end();
}
