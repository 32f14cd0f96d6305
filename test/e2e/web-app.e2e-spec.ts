import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/app';

const PAGE = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * The API serves the built web app: hashed assets cached for a year, index.html never cached and
 * answered for every client route a browser asks for, and the API's own paths unchanged. A build
 * of the web app's shape is written for the suite, so it needs no `npm run build:web`.
 */
describe('Web app served by the API', () => {
  let app: INestApplication;
  let dir: string;
  const index = '<!doctype html><html lang="en"><head><title>Partnership Pulse</title><script type="module" src="/assets/index-Dh4bKq1e.js"></script></head><body><div id="root"></div></body></html>';

  beforeAll(async () => {
    mkdirSync(resolve('.data'), { recursive: true });
    dir = mkdtempSync(resolve('.data', 'web-build-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), index);
    writeFileSync(join(dir, 'assets', 'index-Dh4bKq1e.js'), 'console.log("pulse");\n');
    app = await startApi({ webAppDir: dir });
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and at every client route, never cached', async () => {
    for (const path of ['/', '/sign-in', '/pulse', '/invitations/0b7e6c52-7bb4-4d2a-9a61-1f2c1cf3d3a1', '/rounds/r1?tab=rates', '/no/such/page']) {
      const response = await request(app.getHttpServer()).get(path).set('Accept', PAGE).expect(200);
      expect([path, response.headers['content-type']]).toEqual([path, expect.stringMatching(/^text\/html/)]);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toBe(index);
    }
  });

  it('serves hashed assets immutable for a year, and a missing asset is a 404, not the page', async () => {
    const asset = await request(app.getHttpServer()).get('/assets/index-Dh4bKq1e.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.text).toBe('console.log("pulse");\n');
    const missing = await request(app.getHttpServer()).get('/assets/index-gone.js').set('Accept', PAGE).expect(404);
    expect(missing.text).not.toContain('<div id="root">');
  });

  it('leaves the API, docs, OpenAPI, health and metrics routes as they were, even when a browser asks', async () => {
    const health = await request(app.getHttpServer()).get('/health').set('Accept', PAGE).expect(200);
    expect(health.headers['content-type']).toMatch(/application\/json/);
    const openapi = await request(app.getHttpServer()).get('/openapi.json').set('Accept', PAGE).expect(200);
    expect(openapi.body.info.title).toBe('Partnership Pulse API');
    const yaml = await request(app.getHttpServer()).get('/openapi.yaml').set('Accept', PAGE).expect(200);
    expect(yaml.text).toContain('openapi:');
    const docs = await request(app.getHttpServer()).get('/docs').set('Accept', PAGE).expect(200);
    expect(docs.text).toContain('swagger');
    const metrics = await request(app.getHttpServer()).get('/metrics').set('Accept', PAGE).expect(200);
    expect(metrics.text).toContain('# HELP');
    const me = await request(app.getHttpServer()).get('/api/v1/me').set('Accept', PAGE).expect(401);
    expect(me.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers unknown API paths and non-page requests with the API\'s 404 problem, not the page', async () => {
    for (const [path, accept] of [
      ['/api/v1/no-such-thing', PAGE],
      ['/api', PAGE],
      ['/docs/no-such-thing', 'application/json'],
      ['/health/no-such-probe', PAGE],
      ['/sign-in', 'application/json'],
    ] as const) {
      const response = await request(app.getHttpServer()).get(path).set('Accept', accept);
      expect([path, response.status, response.headers['content-type']]).toEqual([path, 404, expect.stringMatching(/^application\/problem\+json/)]);
    }
  });

  it('starts without a web app build, serving the API only', async () => {
    const apiOnly = await startApi({ webAppDir: join(dir, 'absent') });
    try {
      await request(apiOnly.getHttpServer()).get('/health').expect(200);
      await request(apiOnly.getHttpServer()).get('/sign-in').set('Accept', PAGE).expect(404);
    } finally {
      await apiOnly.close();
    }
  });
});
