import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { configOrExit, configureHttp, httpAdapter } from '@pp/core';
import request from 'supertest';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { freePort, until } from '../support/processes';

/** Runs an app's real entry point from source, as an operator would start it. */
function start(entry: string, env: Record<string, string>) {
  return spawnSync('node', ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry], {
    env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start-up configuration', () => {
  it.each(['apps/api/src/main.ts', 'apps/worker/src/main.ts'])('%s stops with one line naming a missing setting', (entry) => {
    const result = start(entry, { REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['Invalid configuration: DATABASE_URL is missing']);
  });

  it('names every malformed setting in that line', () => {
    const result = start('apps/api/src/main.ts', { DATABASE_URL: 'mysql://x', REDIS_URL: 'redis://127.0.0.1:6379', PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PORT must be an integer number, DATABASE_URL must be a postgres:// connection URL',
    );
  });
});

describe('worker HTTP surface', () => {
  let worker: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter(configOrExit()), { bodyParser: false, bufferLogs: true });
    configureHttp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    worker = app;
  });

  afterAll(async () => {
    await worker.close();
  });

  it('reports liveness and readiness against PostgreSQL and Redis', async () => {
    await request(worker.getHttpServer()).get('/health').expect(200, { status: 'ok' });
    // Readiness may say 503 for its first checks (1.5 s each) while a loaded machine opens the
    // connections; a probe polls it, as this does.
    const ready = await until('the worker to be ready', async () => {
      const res = await request(worker.getHttpServer()).get('/health/ready');
      return res.status === 200 && res;
    }, 30_000);
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('exposes Prometheus metrics', async () => {
    const res = await request(worker.getHttpServer()).get('/metrics').expect(200);
    expect(res.text).toContain('nodejs_heap_size_used_bytes');
  });
});

describe('API cluster (API_PROCESSES)', () => {
  const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'];

  function startCluster(port: number): { primary: ChildProcess; output: string[]; exited: Promise<number | null> } {
    const primary = spawn('node', TS_NODE, {
      env: {
        PATH: process.env.PATH ?? '',
        TS_NODE_PROJECT: 'tsconfig.json',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: process.env.DATABASE_URL ?? '',
        REDIS_URL: process.env.REDIS_URL ?? '',
        API_PROCESSES: '2',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    primary.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    primary.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    return { primary, output, exited: new Promise((resolve) => primary.once('exit', (code) => resolve(code))) };
  }

  /** The primary's API processes, from /proc. */
  function processesOf(pid: number): number[] {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  /** A request on a connection of its own, so the cluster hands each to the next process. */
  const fresh = (url: string) => fetch(url, { headers: { connection: 'close' } });

  /** The count of 401s on /api/v1/me in one scrape of /metrics. */
  async function refusedMe(base: string): Promise<number> {
    const text = await (await fresh(`${base}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes('route="/api/v1/me"') && l.includes('status="401"'));
    return Number(line?.split(' ').pop() ?? 0);
  }

  it('serves from every process, reports the whole cluster on /metrics, replaces a process that dies, and stops on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { primary, output, exited } = startCluster(port);
    try {
      await until('the cluster to be ready', async () => {
        if (primary.exitCode !== null) throw new Error(`the cluster exited with ${primary.exitCode}:\n${output.join('')}`);
        return (output.join('').match(/API process \d+ is serving/g) ?? []).length === 2 && (await fresh(`${base}/health/ready`).then((r) => r.ok).catch(() => false));
      });
      const first = processesOf(primary.pid as number);
      for (let i = 0; i < 10; i++) expect((await fresh(`${base}/api/v1/me`)).status).toBe(401);
      // Every scrape, whichever process answers it, counts the requests all of them served.
      for (let i = 0; i < 4; i++) expect(await refusedMe(base)).toBe(10);
      const servedBy = () => new Set([...output.join('').matchAll(/"pid":(\d+)[^\n]*"url":"\/api\/v1\/me"/g)].map((m) => Number(m[1])));
      await until('both processes to log a request', async () => servedBy().size === 2, 10_000);
      expect([...servedBy()].sort()).toEqual([...first].sort());

      process.kill(first[0] as number, 'SIGKILL');
      await until('a replacement process', async () => {
        const now = processesOf(primary.pid as number);
        return now.length === 2 && !now.includes(first[0] as number) && (await fresh(`${base}/health`).then((r) => r.ok).catch(() => false));
      });
      expect((await fresh(`${base}/api/v1/me`)).status).toBe(401);

      primary.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(processesOf(primary.pid as number)).toEqual([]);
    } finally {
      if (primary.exitCode === null) primary.kill('SIGKILL');
    }
  }, 120_000);

  it('stops, exiting non-zero, when its processes cannot serve', async () => {
    const taken = createServer().listen(0, '0.0.0.0');
    await new Promise((resolve) => taken.once('listening', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { primary, output, exited } = startCluster(port);
      // Two processes compiled from source must first start: on a loaded machine that alone takes a minute.
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 120_000))]);
      if (code === 'still running') primary.kill('SIGKILL');
      expect(code).not.toBe(0);
      expect(code).not.toBe('still running');
      expect(output.join('')).toContain('before it served; stopping the cluster');
    } finally {
      taken.close();
    }
  }, 150_000);
});
