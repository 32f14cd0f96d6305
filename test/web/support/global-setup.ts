import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, startWorkerProcess, until } from '../../support/processes';

const root = resolve(__dirname, '../../..');

/** The services' settings: from the environment (scripts/test.sh) or .data/services.env (`npm run test:web` alone). */
function servicesEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  const file = resolve(root, '.data/services.env');
  if (!process.env.DATABASE_URL && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (match) env[match[1]!] = match[2]!;
    }
  }
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'MAIL_CATCHER_URL', 'WEBHOOK_ALLOW_PRIVATE_TARGETS']) if (process.env[name]) env[name] = process.env[name];
  if (!env.DATABASE_URL || !env.REDIS_URL) throw new Error('No services: run `npm test` (or `npm run services` first), which starts PostgreSQL, Redis and the SMTP catcher');
  return env;
}

/**
 * Starts the stack the browser tests drive: a fresh database migrated with the CLI, then the API
 * (from source, serving dist/web) and the worker. The platform admin is the API's bootstrap admin,
 * created at its first start. Tests read the addresses and the admin from PP_WEB_* variables.
 * Returns the teardown, which stops both processes and drops the database.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(resolve(root, 'dist/web/index.html'))) throw new Error('No web app build in dist/web: run `npm run build:web` first (npm test does)');
  const services = servicesEnv();
  const name = `pulse_test_${process.pid}_web`;
  const onServer = async (statement: string) => {
    const admin = new Client({ connectionString: services.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(services.DATABASE_URL!);
  url.pathname = `/${name}`;

  const admin = { email: 'admin@web-tests.pulse.local', password: `web-${randomBytes(12).toString('hex')}` };
  const settings: Record<string, string> = {
    ...services,
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `pulse-web-${process.pid}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };
  const fromSource = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
  const env = { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', NODE_ENV: 'test', ...settings };
  execFileSync('node', [...fromSource, 'apps/api/src/cli.ts', 'migrate'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });

  const port = await freePort();
  const output: string[] = [];
  const api: ChildProcess = spawn('node', [...fromSource, 'apps/api/src/main.ts'], {
    cwd: root,
    env: { ...env, PORT: String(port), API_PROCESSES: '1', BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: admin.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  api.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stopApi = async () => {
    if (api.exitCode !== null || api.signalCode !== null) return;
    const exited = new Promise((done) => api.once('exit', done));
    api.kill('SIGTERM');
    await exited;
  };
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  try {
    await until('the API to be ready', async () => {
      if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}:\n${output.join('')}`);
      return fetch(`${baseUrl}/health/ready`).then((r) => r.ok).catch(() => false);
    }, 120_000);
    worker = await startWorkerProcess({ ...settings, SCHEDULE_TICK_MS: '0' }, (started) => (worker = started));
  } catch (error) {
    await stopApi();
    worker?.process.kill('SIGTERM');
    throw error;
  }

  process.env.PP_WEB_URL = baseUrl;
  process.env.PP_WEB_ADMIN_EMAIL = admin.email;
  process.env.PP_WEB_ADMIN_PASSWORD = admin.password;
  if (services.MAIL_CATCHER_URL) process.env.PP_WEB_MAIL_URL = services.MAIL_CATCHER_URL;

  return async () => {
    const stopping = worker ? worker.exited : Promise.resolve();
    worker?.process.kill('SIGTERM');
    await Promise.all([stopApi(), stopping]);
    await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
}
