import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { alive, freePort, until } from './processes';

/**
 * Servers of a suite's own, for suites that stop, restart or kill them: the shared test servers
 * (scripts/services.sh) serve every other suite running beside it. They listen on loopback only.
 */

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** `initdb`, `pg_ctl`, … from the PATH or the newest /usr/lib/postgresql/<version>/bin, as scripts/services.sh finds them. */
function pgBin(name: string): string {
  const onPath = (process.env.PATH ?? '').split(':').map((dir) => join(dir, name)).find((path) => existsSync(path));
  if (onPath) return onPath;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)) : [];
  const found = versions.map((version) => `/usr/lib/postgresql/${version}/bin/${name}`).filter((path) => existsSync(path)).pop();
  if (!found) throw new Error(`PostgreSQL's ${name} is not installed (Debian: apt-get install postgresql)`);
  return found;
}

const asRoot = process.getuid?.() === 0;

/**
 * Runs a PostgreSQL program; as root, as the 'postgres' system user, since PostgreSQL refuses to run
 * as root (as scripts/services.sh does). Asynchronous: the API under test runs in this process and
 * must keep answering while the server stops and starts.
 */
async function asPostgres(command: string, args: string[]): Promise<void> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await promisify(execFile)(file, argv, { encoding: 'utf8' });
}

export interface PostgresOfItsOwn {
  /** The migrated database `pulse` on it. */
  url: string;
  port: number;
  /** The postmaster's process id, while it runs. */
  pid(): number;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`, then start: open connections are closed, the server is back within about a second. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m fast`. */
  stop(): Promise<void>;
  /** As a power cut would: SIGKILL to the postmaster and every one of its processes at once, nothing flushed that was not. */
  kill(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/** Processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A PostgreSQL cluster of the suite's own in a temporary directory, with the durability a
 * production server has (fsync and synchronous_commit on, unlike the shared test server), on a
 * free loopback port, its database `pulse` migrated.
 */
export async function postgresOfItsOwn(): Promise<PostgresOfItsOwn> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-pg-'));
  const data = join(dir, 'data');
  if (asRoot) execFileSync('chown', ['postgres:', dir]);
  // Loopback only and trusted: a throwaway test cluster nothing else can reach.
  await asPostgres(pgBin('initdb'), ['-D', data, '-U', 'pulse', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=100`;
  const pgCtl = (...args: string[]) => asPostgres(pgBin('pg_ctl'), ['-D', data, ...args]);
  const pid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const server: PostgresOfItsOwn = {
    url: `postgres://pulse@127.0.0.1:${port}/pulse`,
    port,
    pid,
    start: () => pgCtl('-w', '-t', '60', '-l', join(dir, 'postgres.log'), '-o', options, 'start'),
    // Stop and start rather than `pg_ctl restart`, which cannot send the server's output to its log file.
    restart: async () => {
      await pgCtl('-w', '-m', 'fast', 'stop');
      await pgCtl('-w', '-t', '60', '-l', join(dir, 'postgres.log'), '-o', options, 'start');
    },
    stop: () => pgCtl('-w', '-m', 'fast', 'stop'),
    kill: async () => {
      const postmaster = pid();
      const all = [postmaster, ...childrenOf(postmaster)];
      for (const one of all) process.kill(one, 'SIGKILL');
      await until('the killed PostgreSQL processes to be gone', async () => all.every((one) => !running(one)), 30_000);
    },
    destroy: async () => {
      try {
        if (existsSync(join(data, 'postmaster.pid'))) await pgCtl('-w', '-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  await server.start();
  const admin = new Client({ connectionString: `postgres://pulse@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE pulse');
  const [settings] = (await admin.query("SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit")).rows;
  await admin.end();
  if (settings.fsync !== 'on' || settings.synchronous_commit !== 'on') throw new Error(`the suite's PostgreSQL is not durable: ${JSON.stringify(settings)}`);
  const { dataSourceOptions } = await import('../../libs/core/src/database/data-source-options');
  const { DataSource } = await import('typeorm');
  const migrator = new DataSource(dataSourceOptions(server.url));
  await migrator.initialize();
  await migrator.runMigrations({ transaction: 'each' });
  await migrator.destroy();
  return server;
}

// ---------------------------------------------------------------------------------------------
// Redis

export interface RedisServer {
  process: ChildProcess;
  exited: Promise<unknown>;
}

/** True once a Redis server answers PING on `port`. */
export function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

/**
 * A Redis server of the suite's own on `port` (loopback), without persistence unless `dir` is
 * given (then with its append-only file there, as scripts/services.sh runs Redis).
 */
export async function startRedis(port: number, dir?: string): Promise<RedisServer> {
  const persistence = dir ? ['--appendonly', 'yes', '--dir', dir] : ['--appendonly', 'no', '--dir', tmpdir()];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
  const server = { process: child, exited: new Promise((resolve) => child.once('exit', resolve)) };
  await until(`Redis on port ${port}`, async () => {
    if (!alive(server)) throw new Error(`redis-server exited with ${child.exitCode ?? child.signalCode}`);
    return pong(port);
  });
  return server;
}
