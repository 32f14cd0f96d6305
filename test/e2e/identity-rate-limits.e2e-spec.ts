import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/app';
import { createUser, uniqueClientIp, uniqueEmail } from '../support/auth';

const API = '/api/v1';
const PER_IP = 30;
const PER_ACCOUNT = 10;

describe('identity: rate limits on sign-in and token routes', () => {
  let app: INestApplication;
  const login = (ip: string, email: string, password: string) =>
    request(app.getHttpServer()).post(`${API}/auth/login`).set('X-Forwarded-For', ip).send({ email, password });

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app.close();
  });

  it('limits sign-ins per account, whatever the IP, with 429 problem details and Retry-After', async () => {
    const user = await createUser(app);
    for (let i = 0; i < PER_ACCOUNT; i += 1) await login(uniqueClientIp(), user.email, user.password).expect(200);
    const limited = await login(uniqueClientIp(), user.email.toUpperCase(), user.password).expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another account is not held back by this one.
    const other = await createUser(app);
    await login(uniqueClientIp(), other.email, other.password).expect(200);
  });

  it('limits sign-in attempts per IP across accounts; other IPs and routes go on', async () => {
    const ip = uniqueClientIp();
    // Malformed bodies are counted too: the limit applies before anything else runs.
    for (let i = 0; i < PER_IP; i += 1) await login(ip, uniqueEmail('guess'), '').expect(400);
    const limited = await login(ip, uniqueEmail('guess'), 'a guessed password').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const user = await createUser(app);
    await login(uniqueClientIp(), user.email, user.password).expect(200);
    await request(app.getHttpServer()).post(`${API}/auth/refresh`).set('X-Forwarded-For', ip).send({ refreshToken: 'unknown' }).expect(401);
  });

  it('limits the token routes per IP too', async () => {
    const ip = uniqueClientIp();
    const refresh = () => request(app.getHttpServer()).post(`${API}/auth/refresh`).set('X-Forwarded-For', ip).send({ refreshToken: 'guess' });
    for (let i = 0; i < PER_IP; i += 1) await refresh().expect(401);
    await refresh().expect(429);
  });
});
