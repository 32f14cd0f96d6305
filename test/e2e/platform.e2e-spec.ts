import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/app';

describe('platform: health, metrics, docs, errors', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app.close();
  });

  it('reports liveness', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports readiness with PostgreSQL and Redis up', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.postgres.status).toBe('up');
    expect(res.body.info.redis.status).toBe('up');
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await request(app.getHttpServer()).get('/health');
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.info.title).toBe('Partnership Pulse API');
    const ui = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('echoes a sane X-Request-Id and mints one otherwise', async () => {
    const given = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'trace-12345678');
    expect(given.headers['x-request-id']).toBe('trace-12345678');
    const minted = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'bad id!');
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with problem details', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/api/v1/nothing-here' });
    expect(res.body.requestId).toBeTruthy();
  });

  it('answers malformed JSON with 400 problem details before any route runs', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/footprints')
      .set('Content-Type', 'application/json')
      .send('{"code": "E54000008",')
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toBe('The request body is not valid JSON');
  });

  it('reads an empty body sent as JSON as an empty object, so the route names the missing fields', async () => {
    const res = await request(app.getHttpServer()).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('').expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('refuses JSON that would set an object prototype', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@example.org", "password": "x", "__proto__": {"admin": true}}')
      .expect(400);
    expect(res.body.detail).toBe('The request body is not valid JSON');
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/footprints')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(res.body.detail).toMatch(/larger than the limit/);
  });

  it('sets security headers', async () => {
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
