import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Client } from 'pg';

/**
 * For suites that run the real processes (worker processes started from source as an operator
 * would start them) on a database of their own: the workers' outbox relays take every queued job
 * they find, and their schedulers act on every round, so they must never see another suite's rows.
 */

export interface WorkerProcess {
  process: ChildProcess;
  /** Its HTTP port (a worker's health and metrics). */
  port: number;
  output: string[];
  /** How it ended: Nest re-raises SIGTERM after its shutdown hooks ran, so a clean stop ends by that signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Still running: a killed process has a signal, not an exit code. */
export const alive = (worker: { process: ChildProcess }) => worker.process.exitCode === null && worker.process.signalCode === null;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `probe` until it returns something truthy, which it returns; throws naming `what` past the deadline. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Compiles both apps into `dir` (TypeScript's emit, without its type check, which `npm test` runs
 * anyway), for suites that start many processes: a compiled process starts on about a third of the
 * CPU time that ts-node spends compiling the sources in each one. `dir` must lie inside the
 * repository, so the compiled files find node_modules.
 */
export function compileApps(dir: string): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noCheck', '--sourceMap', 'false', '--outDir', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface AppProcessOptions {
  /** Sees the process before the wait, so a caller can keep hold of it (and kill it) even when it never gets ready. */
  onStart?: (started: WorkerProcess) => void;
  /** Run the apps compiled by compileApps into this folder rather than from source. */
  compiledIn?: string;
  readyWithinMs?: number;
}

/**
 * Starts apps/<app> (api or worker) as an operator would, from source or compiled, with `settings`
 * (DATABASE_URL, REDIS_URL, QUEUE_PREFIX, …) on a free port (PORT or WORKER_PORT), and waits until
 * its /health/ready answers 200.
 */
export async function startAppProcess(app: 'api' | 'worker', settings: Record<string, string>, options: AppProcessOptions = {}): Promise<WorkerProcess> {
  const port = await freePort();
  const { compiledIn } = options;
  const entry = compiledIn ? ['-r', 'tsconfig-paths/register', `${compiledIn}/apps/${app}/src/main.js`] : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`];
  const child = spawn('node', entry, {
    env: {
      PATH: process.env.PATH ?? '',
      TS_NODE_PROJECT: 'tsconfig.json',
      // tsconfig-paths maps @pp/* under this folder: the compiled one mirrors the sources' layout.
      ...(compiledIn ? { TS_NODE_BASEURL: compiledIn } : {}),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...settings,
      [app === 'api' ? 'PORT' : 'WORKER_PORT']: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const started = { process: child, port, output, exited };
  options.onStart?.(started);
  await until(
    `${app} ${child.pid} to be ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${output.join('')}`);
      return fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok).catch(() => false);
    },
    // Compiling an app from source takes a minute or more on a busy two-core machine.
    options.readyWithinMs ?? 240_000,
  );
  return started;
}

/** startAppProcess for apps/worker from source; `onStart` as in AppProcessOptions. */
export function startWorkerProcess(settings: Record<string, string>, onStart: (worker: WorkerProcess) => void = () => undefined): Promise<WorkerProcess> {
  return startAppProcess('worker', settings, { onStart });
}

/**
 * A database of the suite's own on the test server, migrated, named after this jest worker
 * (`pulse_test_<pid>_<label>`, so a later run's clean-up keeps it while the worker lives).
 */
export async function databaseOfItsOwn(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_SERVER_DATABASE_URL ?? '';
  const name = `pulse_test_${process.pid}_${label}`;
  const onServer = async (...statements: string[]) => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      for (const statement of statements) await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { dataSourceOptions } = await import('../../libs/core/src/database/data-source-options');
  const { migrate } = await import('../../libs/core/src/database/migrate');
  const { DataSource } = await import('typeorm');
  const migrator = new DataSource(dataSourceOptions(url.toString()));
  await migrator.initialize();
  await migrate(migrator);
  await migrator.destroy();
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
