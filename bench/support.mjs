/**
 * What the benchmarks share: the project's services, a database of their own, and the API or
 * worker started as in production (from dist/, built first unless BENCH_SKIP_BUILD=1) or from the
 * TypeScript sources (BENCH_FROM_SOURCE=1), with its log written straight to a file under .data/.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const log = (message) => process.stderr.write(`[bench] ${message}\n`);

export const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Starts PostgreSQL, Redis and the SMTP catcher (scripts/services.sh) and returns their URLs; DATABASE_URL, REDIS_URL, SMTP_URL and MAIL_CATCHER_URL win. */
export function servicesEnv() {
  execFileSync('bash', ['scripts/services.sh', 'start'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const env = Object.fromEntries(
    readFileSync(resolve(root, '.data/services.env'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return {
    databaseUrl: process.env.DATABASE_URL ?? env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL ?? env.REDIS_URL,
    smtpUrl: process.env.SMTP_URL ?? env.SMTP_URL,
    mailCatcherUrl: process.env.MAIL_CATCHER_URL ?? env.MAIL_CATCHER_URL,
  };
}

async function onServer(serverUrl, ...statements) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** An empty database `name` on the server, dropped first if a previous run left it; returns its URL. */
export async function freshDatabase(serverUrl, name) {
  await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function dropDatabase(serverUrl, name) {
  return onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/** The worker's V8 heap settings and malloc arenas, as scripts/start.sh and docker/Dockerfile start it (docs/operations.md, "Worker memory"). */
const WORKER_HEAP_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=35'];
const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };

/** node + args that run an app's entry point (apps/<app>/src/<name>), built or from source. */
function entry(app, name) {
  const flags = app === 'worker' && name === 'main' ? WORKER_HEAP_FLAGS : [];
  if (process.env.BENCH_FROM_SOURCE) {
    return ['node', [...flags, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/${name}.ts`]];
  }
  return ['node', [...flags, `dist/apps/${app}/src/${name}.js`]];
}

/** Builds both apps into dist/, unless BENCH_SKIP_BUILD or BENCH_FROM_SOURCE is set. */
export function buildApps() {
  if (process.env.BENCH_SKIP_BUILD || process.env.BENCH_FROM_SOURCE) return;
  log('building the apps (BENCH_SKIP_BUILD=1 skips this)');
  execFileSync('npx', ['nest', 'build', 'api'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The environment a benchmark starts the API and worker with, as production runs them: its own
 * database, Redis and queue prefix, a fresh JWT secret, the bootstrap admin when given, and PATH and
 * TS_NODE_PROJECT for BENCH_FROM_SOURCE. `settings` adds the bench's own (LOG_LEVEL, raised rate
 * limits, …) and may override these (e.g. NODE_ENV).
 */
export function appEnv({ databaseUrl, redisUrl, queuePrefix, admin }, settings = {}) {
  return {
    PATH: process.env.PATH ?? '',
    TS_NODE_PROJECT: process.env.TS_NODE_PROJECT ?? 'tsconfig.json',
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ...(admin ? { BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: admin.password } : {}),
    ...settings,
  };
}

/** Applies the migrations to the database in `env.DATABASE_URL`. */
export function migrate(env) {
  log('migrating');
  const [command, args] = entry('api', 'cli');
  execFileSync(command, [...args, 'migrate'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** API processes the benchmarks run (API_PROCESSES): one per core, as the README advises for a host of its own; BENCH_API_PROCESSES sets another count. */
export const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? availableParallelism());

/**
 * Starts `app` (api or worker) with `env` and waits until `port`'s /health/ready answers 200. The
 * API runs API_PROCESSES processes, and BENCH_API_NODE_ARGS (e.g. --cpu-prof) go to its node. The
 * log goes straight to .data/<logName>: through a pipe, the process's log writes would wait on this busy one.
 */
export async function startApp(app, env, port, logName, cwd = root) {
  const [command, args] = entry(app, 'main');
  const nodeArgs = app === 'api' ? (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
  const appEnv = app === 'api' ? { API_PROCESSES: String(API_PROCESSES), ...env } : { ...WORKER_ENV, ...env };
  const logFile = openSync(resolve(root, '.data', logName), 'w');
  const child = spawn(command, [...nodeArgs, ...args], { cwd, env: appEnv, stdio: ['ignore', logFile, logFile] });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the ${app} exited with ${child.exitCode}; see .data/${logName}`);
    if (await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok).catch(() => false)) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`the ${app} did not become ready in 120 s; see .data/${logName}`);
}

/** Stops a started app with SIGTERM and waits for it to exit. */
export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** A process and its descendants (an API cluster's primary and its processes). */
export function processTree(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]));
    } catch {
      // It exited while we looked.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  return tree;
}

/**
 * Resident memory now and at its peak (VmHWM), in bytes, of a process and its descendants: `rss`
 * and `peak` are their sums (the sum of peaks bounds the peak of the sum), `largest` the highest
 * single process's peak, `processes` how many there were.
 */
export function memoryOf(pid) {
  const each = processTree(pid).flatMap((member) => {
    try {
      const status = readFileSync(`/proc/${member}/status`, 'utf8');
      const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
      return [{ rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 }];
    } catch {
      return [];
    }
  });
  const sum = (field) => each.reduce((total, m) => total + m[field], 0);
  return { rss: sum('rss'), peak: sum('peak'), largest: Math.max(0, ...each.map((m) => m.peak)), processes: each.length };
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process (and, with `descendants`, its descendants) has used; undefined once it has gone. */
export function cpuOf(pid, descendants = false) {
  let seconds;
  for (const member of descendants ? processTree(pid) : [pid]) {
    try {
      const fields = readFileSync(`/proc/${member}/stat`, 'utf8').split(') ')[1].split(' ');
      seconds = (seconds ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // It exited while we looked.
    }
  }
  return seconds;
}

/**
 * wrk, the load generator: written in C, it spends a small share of this machine's two cores,
 * which the API and PostgreSQL would otherwise lose to a generator in Node. Installed with apt-get
 * when missing and running as root; otherwise the benchmark stops saying how to install it.
 */
export function ensureWrk() {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  if (process.getuid?.() === 0) {
    log('installing wrk (apt-get install -y wrk)');
    const installed = spawnSync('bash', ['-c', 'apt-get install -y wrk || (apt-get update && apt-get install -y wrk)'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (installed.status === 0) return;
  }
  throw new Error('the benchmarks need wrk on PATH: install it with `apt-get install wrk` (Debian/Ubuntu) or `brew install wrk`');
}

/**
 * Runs wrk (one thread, bench/wrk-requests.lua) against `base` for `duration` seconds with
 * `connections` connections, sending `requests` ([method, path, header name, header value, body])
 * in turn: `mode` 'cycle' goes round them, 'once' sends each once. `rate` offers that many requests
 * per second on a fixed schedule (0: flat out); `idempotencyPrefix` gives each request a fresh
 * Idempotency-Key; a body '@k' is `bodies[k - 1]`. `onSample` is called every 250 ms while it runs.
 * Returns the counts, latency percentiles (ms) and the CPU seconds wrk itself used.
 */
export async function loadTest({ base, requests, bodies = [], mode = 'cycle', rate = 0, connections, duration, idempotencyPrefix = '', onSample = () => undefined }) {
  const requestsFile = resolve(root, '.data', `bench-requests-${process.pid}.tsv`);
  const bodiesFile = resolve(root, '.data', `bench-bodies-${process.pid}.txt`);
  writeFileSync(requestsFile, `${requests.map((fields) => fields.join('\t')).join('\n')}\n`);
  writeFileSync(bodiesFile, bodies.length ? `${bodies.join('\n')}\n` : '');
  const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '10s', '-s', resolve(root, 'bench/wrk-requests.lua'), base, '--', requestsFile, mode, String(rate), idempotencyPrefix, bodiesFile, String(connections)];
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  let cpu = 0;
  const sampler = setInterval(() => {
    cpu = cpuOf(child.pid) ?? cpu;
    onSample();
  }, 250);
  const code = await new Promise((done) => child.once('exit', done));
  clearInterval(sampler);
  rmSync(requestsFile, { force: true });
  rmSync(bodiesFile, { force: true });
  const summary = output.split('\n').find((line) => line.startsWith('{'));
  if (code !== 0 || !summary) throw new Error(`wrk exited with ${code}: ${output}`);
  const result = JSON.parse(summary);
  const ok = result.requests - result.non2xx;
  return { ...result, ok, requestsPerSecond: ok / result.seconds, errors: result.socketErrors + result.timeouts, cpuSeconds: cpu };
}
