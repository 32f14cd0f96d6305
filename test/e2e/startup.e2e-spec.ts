import { spawnSync } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configureHttp } from '@pp/core';
import request from 'supertest';
import { WorkerModule } from '../../apps/worker/src/worker.module';

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
    worker = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
    configureHttp(worker as NestExpressApplication);
    await worker.init();
  });

  afterAll(async () => {
    await worker.close();
  });

  it('reports liveness and readiness against PostgreSQL and Redis', async () => {
    await request(worker.getHttpServer()).get('/health').expect(200, { status: 'ok' });
    const ready = await request(worker.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('exposes Prometheus metrics', async () => {
    const res = await request(worker.getHttpServer()).get('/metrics').expect(200);
    expect(res.text).toContain('nodejs_heap_size_used_bytes');
  });
});
