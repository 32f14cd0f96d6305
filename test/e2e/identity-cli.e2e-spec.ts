import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Client } from 'pg';

/**
 * The first platform admin, as an operator makes it: the CLI from source, and the API's first start
 * with BOOTSTRAP_ADMIN_* set, each against a fresh database of this suite's own.
 */
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

describe('identity: the first platform admin', () => {
  const serverUrl = process.env.TEST_SERVER_DATABASE_URL ?? '';
  // Labelled: run in band (one file), the jest worker is the process whose pid names the run's own database.
  const dbName = `pulse_test_${process.pid}_identity_cli`;
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const env = {
    PATH: process.env.PATH ?? '',
    TS_NODE_PROJECT: 'tsconfig.json',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.REDIS_URL ?? '',
    JWT_SECRET: process.env.JWT_SECRET ?? '',
  };
  const cli = (args: string[], input?: string, extraEnv: Record<string, string> = {}) =>
    spawnSync('node', [...TS_NODE, 'apps/api/src/cli.ts', ...args], { env: { ...env, ...extraEnv }, input, encoding: 'utf8', timeout: 60_000 });
  const admin = () => new Client({ connectionString: serverUrl });
  let db: Client;

  async function freshDatabase(): Promise<void> {
    await db?.end();
    const server = admin();
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await server.query(`CREATE DATABASE "${dbName}"`);
    await server.end();
    expect(cli(['migrate']).status).toBe(0);
    db = new Client({ connectionString: url.toString() });
    await db.connect();
  }

  afterAll(async () => {
    await db?.end();
    const server = admin();
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await server.end();
  });

  it('is created by `create-admin` with the password on standard input; a second run changes nothing', async () => {
    await freshDatabase();
    const created = cli(['create-admin', '--email', 'Root@Pulse.test', '--name', 'Root', '--password-stdin'], 'a root passphrase\n');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^Created platform admin root@pulse\.test \([0-9a-f-]{36}\)\n$/);
    const again = cli(['create-admin', '--email', 'root@pulse.test', '--password-stdin'], 'another passphrase\n');
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('root@pulse.test is already a platform admin; nothing changed\n');
    const { rows } = await db.query(
      "SELECT u.display_name, u.status, u.password_hash LIKE '$argon2id$%' AS argon2id, g.role FROM user_account u JOIN role_grant g ON g.user_id = u.id WHERE u.email = 'root@pulse.test'",
    );
    expect(rows).toEqual([{ display_name: 'Root', status: 'active', argon2id: true, role: 'platform_admin' }]);
    const audit = await db.query("SELECT action, actor_type FROM audit_entry WHERE action IN ('user.create', 'grant.create') ORDER BY seq");
    expect(audit.rows).toEqual([
      { action: 'grant.create', actor_type: 'system' },
      { action: 'user.create', actor_type: 'system' },
    ]);
  }, 120_000);

  it.each<[string, string[], string | undefined, RegExp]>([
    ['without --password-stdin', ['--email', 'x@pulse.test'], undefined, /--password-stdin is required/],
    ['with a short password', ['--email', 'x@pulse.test', '--password-stdin'], 'short\n', /at least 12 characters/],
    ['with a bad email', ['--email', 'not-an-email', '--password-stdin'], 'a long passphrase\n', /--email must be an email address/],
  ])('refuses %s, saying why', (_case, args, input, message) => {
    const result = cli(['create-admin', ...args], input);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  }, 60_000);

  it('comes from BOOTSTRAP_ADMIN_* on the API’s first start, and never when an admin exists', async () => {
    await freshDatabase();
    const port = 20_000 + (process.pid % 20_000);
    const bootstrap = { BOOTSTRAP_ADMIN_EMAIL: 'first@pulse.test', BOOTSTRAP_ADMIN_PASSWORD: 'a first passphrase', PORT: String(port) };
    const startOnce = async (extra: Record<string, string>) => {
      const api: ChildProcess = spawn('node', [...TS_NODE, 'apps/api/src/main.ts'], { env: { ...env, ...extra }, stdio: 'ignore' });
      try {
        for (let i = 0; i < 200; i += 1) {
          const ready = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
          if (ready) return;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        throw new Error('the API did not start');
      } finally {
        api.kill();
        await new Promise((resolve) => api.once('exit', resolve));
      }
    };
    await startOnce(bootstrap);
    const admins = async () => (await db.query("SELECT u.email, g.role FROM user_account u JOIN role_grant g ON g.user_id = u.id ORDER BY u.email")).rows;
    expect(await admins()).toEqual([{ email: 'first@pulse.test', role: 'platform_admin' }]);
    await startOnce({ ...bootstrap, BOOTSTRAP_ADMIN_EMAIL: 'second@pulse.test' });
    expect(await admins()).toEqual([{ email: 'first@pulse.test', role: 'platform_admin' }]);
  }, 120_000);
});
