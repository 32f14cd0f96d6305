import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { asAdmin, createUser, type SignedIn, signedInAs, uniqueClientIp } from '../support/auth';
import { API, createFootprint } from '../support/factories-registry';

/** The malformed requests issue 20 found answered 500: each now gets 400 naming the field and the problem, and changes nothing. */
describe('bad input: 400 naming the field, never a 5xx', () => {
  let app: INestApplication;
  let admin: SignedIn;
  const http = () => request(app.getHttpServer());
  const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  beforeAll(async () => {
    app = await startApi();
    admin = await asAdmin(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses a JSON body nested deeper than JSON_MAX_DEPTH (32) before parsing it, signed out too', async () => {
    for (const path of ['/auth/login', '/auth/refresh', '/auth/password-reset', '/auth/invitations/accept']) {
      const res = await http()
        .post(`${API}${path}`)
        .set('X-Forwarded-For', uniqueClientIp())
        .set('Content-Type', 'application/json')
        .send(`{"email":${nestedArrays(5000)}}`)
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, errors: [{ field: 'body', problem: 'nests objects and arrays deeper than 32 levels' }] });
    }
    const deepObject = `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`;
    await admin.http.patch(`${API}/me`).set('Content-Type', 'application/json').send(deepObject).expect(400, /deeper than 32 levels/);
  });

  it('parses a body 32 levels deep, and leaves it to validation', async () => {
    // The body object is level 1: the array inside adds 31 more.
    const res = await http()
      .post(`${API}/auth/login`)
      .set('X-Forwarded-For', uniqueClientIp())
      .set('Content-Type', 'application/json')
      .send(`{"email":${nestedArrays(31)},"password":"x"}`)
      .expect(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    expect(res.body.errors).not.toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body' })]));
  });

  it('refuses NUL and other control characters and lone surrogates in any string, naming the field', async () => {
    const before = (await admin.http.get(`${API}/me`).expect(200)).body;
    for (const [text, problem] of [
      ['Ada\u0000Lovelace', 'contains the control character U+0000'],
      ['Ada\u001b[31m', 'contains the control character U+001B'],
      ['Ada\ud800', 'is not valid Unicode text (a lone UTF-16 surrogate)'],
    ]) {
      const res = await admin.http.patch(`${API}/me`).send({ displayName: text }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'displayName', problem }]);
    }
    expect((await admin.http.get(`${API}/me`).expect(200)).body).toEqual(before);
    // Line breaks and tabs are text.
    await admin.http.patch(`${API}/me`).send({ displayName: 'Ada\tLovelace' }).expect(200);
    const query = await admin.http.get(`${API}/footprints`).query({ q: 'Wir\u0000ral' }).expect(400);
    expect(query.body.errors).toEqual([{ field: 'q', problem: 'contains the control character U+0000' }]);
    const nested = await admin.http.post(`${API}/footprints`).send({ code: 'E54000999', name: 'X', kind: 'ICS', nation: 'england', region: { name: 'North\u0000West', code: 'E40000010' } }).expect(400);
    expect(nested.body.errors).toEqual([{ field: 'region.name', problem: 'contains the control character U+0000' }]);
  });

  it('refuses a CSV upload holding a control character, naming its line', async () => {
    const csv = 'code,name,type\nRBL,Wirral Univ\u0000ersity,acute_trust\n';
    const res = await admin.http.post(`${API}/organisations/import`).set('Content-Type', 'text/csv').send(csv).expect(400);
    expect(res.body.errors).toEqual([{ field: 'body', problem: 'contains the control character U+0000 on line 2' }]);
  });

  it('refuses null for a field that may be left out but never be null, and changes nothing', async () => {
    const user = await createUser(app);
    for (const field of ['displayName', 'status']) {
      const res = await admin.http.patch(`${API}/users/${user.id}`).send({ [field]: null }).expect(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
    }
    const after = (await admin.http.get(`${API}/users/${user.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'active', displayName: user.email.split('@')[0] });
  });

  it('refuses impossible dates in every date and timestamp field and parameter', async () => {
    for (const [param, value] of [
      ['since', '2021-02-30'],
      ['until', '2021-02-30T10:00:00Z'],
      ['since', '2021-W07'],
    ]) {
      const res = await admin.http.get(`${API}/audit-entries`).query({ [param]: value }).expect(400);
      expect(res.body.errors).toEqual([{ field: param, problem: expect.stringContaining('ISO 8601 date and time on a real calendar date') }]);
    }
    await admin.http.get(`${API}/audit-entries`).query({ since: '2021-02-28', until: '2021-03-01T00:00:00Z' }).expect(200);
    const key = await admin.http.post(`${API}/api-keys`).send({ name: 'k', footprintIds: [admin.id], expiresAt: '2027-02-29T00:00:00Z' }).expect(400);
    expect(key.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'expiresAt' })]));
  });

  it('refuses a forged cursor whose values no column takes, naming the cursor', async () => {
    const uuid = '8f1c2b4e-0d6a-4c1e-9a57-3b2d1e0f9c8a';
    const footprint = await createFootprint(app);
    const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const [path, cursor] of [
      ['/audit-entries', forged(['not-a-sequence-number', uuid])],
      ['/instruments', forged(['not-a-time', uuid])],
      ['/footprints', forged(['x', '-'.repeat(36)])],
      ['/organisations', forged(['\u0000', uuid])],
      ['/bi/footprints', forged(['\u0000', 'x'])],
      // BI cursors name a footprint by code: one that exists, so the forged keys reach the query.
      ['/bi/footprints', forged([footprint.code, 'not-a-uuid'])],
      ['/bi/members', forged([footprint.code, 'X', '2021-02-30', uuid])],
    ]) {
      const res = await admin.http.get(`${API}${path}`).query({ cursor }).expect(400);
      expect([path, res.body.errors]).toEqual([path, [{ field: 'cursor', problem: 'is malformed' }]]);
    }
  });

  it('leaves nothing half-written: a refused request adds no audit entry', async () => {
    const lead = await signedInAs(app, { role: 'platform_admin' });
    const db = app.get(DataSource);
    const count = async () => Number((await db.query<{ n: string }[]>('SELECT count(*) AS n FROM audit_entry WHERE actor_id = $1', [lead.id]))[0]!.n);
    const before = await count();
    await lead.http.patch(`${API}/me`).send({ displayName: '\u0000' }).expect(400);
    await lead.http.post(`${API}/footprints`).set('Content-Type', 'application/json').send(nestedArrays(40)).expect(400);
    expect(await count()).toBe(before);
  });
});
