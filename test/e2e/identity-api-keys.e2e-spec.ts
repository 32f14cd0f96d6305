import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DatabaseNotifications } from '@pp/core';
import { startApi } from '../support/app';
import { signedInAs, type SignedIn } from '../support/auth';
import { API, createFootprint } from '../support/factories-registry';
import { until } from '../support/processes';

describe('identity: API keys for BI tools', () => {
  let app: INestApplication;
  let db: DataSource;
  let lead: SignedIn;
  let footprintId: string;
  let otherFootprintId: string;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    footprintId = (await createFootprint(app)).id;
    otherFootprintId = (await createFootprint(app)).id;
    lead = await signedInAs(app, { role: 'footprint_lead', footprintId });
  });

  afterAll(async () => {
    await app.close();
  });

  const createKey = async (footprintIds = [footprintId]) =>
    (await lead.http.post(`${API}/api-keys`).send({ name: 'Power BI', footprintIds }).expect(201)).body as { apiKey: { id: string; prefix: string }; key: string };

  it('is created by a lead for their footprint, shown once, and stored only as a hash with a visible prefix', async () => {
    const created = await createKey();
    expect(created.key.startsWith(`${created.apiKey.prefix}_`)).toBe(true);
    expect(created.apiKey).toMatchObject({ name: 'Power BI', footprintIds: [footprintId], revokedAt: null, lastUsedAt: null });
    const [row] = await db.query<{ key_hash: string }[]>('SELECT key_hash FROM api_key WHERE id = $1', [created.apiKey.id]);
    expect(row?.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    const listed = await lead.http.get(`${API}/api-keys`).expect(200);
    expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(created.apiKey.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
    const one = await lead.http.get(`${API}/api-keys/${created.apiKey.id}`).expect(200);
    expect(one.body).not.toHaveProperty('key');
  });

  it('reads its footprints as a bearer token or X-API-Key, records when it was used, and nothing else', async () => {
    const { apiKey, key } = await createKey();
    const bearer = await request(app.getHttpServer()).get(`${API}/footprints/${footprintId}`).set('Authorization', `Bearer ${key}`).expect(200);
    expect(bearer.body.id).toBe(footprintId);
    await request(app.getHttpServer()).get(`${API}/footprints/${footprintId}/members`).set('X-API-Key', key).expect(200);
    await request(app.getHttpServer()).get(`${API}/footprints/${otherFootprintId}`).set('X-API-Key', key).expect(404);
    const listed = await request(app.getHttpServer()).get(`${API}/footprints`).set('X-API-Key', key).expect(200);
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([footprintId]);
    const me = await request(app.getHttpServer()).get(`${API}/me`).set('X-API-Key', key).expect(200);
    const reads = ['account.read', 'footprint.read', 'organisation.read', 'membership.read', 'instrument.read', 'round.read', 'response_rate.read', 'score.read', 'alert.read', 'alert_rule.read', 'action.read'];
    expect(me.body).toEqual({
      kind: 'api_key',
      id: apiKey.id,
      label: apiKey.prefix,
      grants: [{ role: 'api_key', footprintId }],
      actions: reads,
      actionsEverywhere: ['account.read', 'instrument.read'],
      footprints: [{ footprintId, actions: reads }],
    });
    const after = await lead.http.get(`${API}/api-keys/${apiKey.id}`).expect(200);
    expect(new Date(after.body.lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('is read-only: any write answers 403', async () => {
    const { key } = await createKey();
    const write = await request(app.getHttpServer())
      .patch(`${API}/footprints/${footprintId}`)
      .set('Authorization', `Bearer ${key}`)
      .send({ name: 'Renamed by a key' })
      .expect(403);
    expect(write.body.detail).toBe('API keys are read-only');
    await request(app.getHttpServer()).post(`${API}/api-keys`).set('X-API-Key', key).send({ name: 'x', footprintIds: [footprintId] }).expect(403);
    await request(app.getHttpServer()).put(`${API}/me/password`).set('X-API-Key', key).send({}).expect(403);
  });

  it('stops working when revoked or expired, though a key in use is kept between requests', async () => {
    // Only while the process hears of changes does it keep keys between requests; this test is about kept keys.
    await until('the API to listen for changes', async () => app.get(DatabaseNotifications).listening('actor_changed'), 5_000);
    const read = (key: string) => request(app.getHttpServer()).get(`${API}/footprints/${footprintId}`).set('X-API-Key', key);
    const revoked = await createKey();
    await read(revoked.key).expect(200);
    await lead.http.delete(`${API}/api-keys/${revoked.apiKey.id}`).expect(204);
    await read(revoked.key).expect(401);
    const listed = await lead.http.get(`${API}/api-keys/${revoked.apiKey.id}`).expect(200);
    expect(listed.body.revokedAt).not.toBeNull();

    const expired = await createKey();
    await read(expired.key).expect(200);
    await db.query("UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1", [expired.apiKey.id]);
    await until('the expiry to be heard', async () => (await read(expired.key)).status === 401, 2_000);

    const moved = await createKey();
    const readOther = () => request(app.getHttpServer()).get(`${API}/footprints/${otherFootprintId}`).set('X-API-Key', moved.key);
    await read(moved.key).expect(200);
    await readOther().expect(404);
    await db.query('UPDATE api_key_footprint SET footprint_id = $2 WHERE api_key_id = $1', [moved.apiKey.id, otherFootprintId]);
    await until('the move to be heard', async () => (await readOther()).status === 200, 2_000);
    await read(moved.key).expect(404);

    const expiring = (await lead.http
      .post(`${API}/api-keys`)
      .send({ name: 'Short-lived', footprintIds: [footprintId], expiresAt: new Date(Date.now() + 1_500).toISOString() })
      .expect(201)).body as { key: string; apiKey: { expiresAt: string } };
    await read(expiring.key).expect(200);
    await new Promise((resolve) => setTimeout(resolve, new Date(expiring.apiKey.expiresAt).getTime() - Date.now() + 50));
    await read(expiring.key).expect(401);
    await request(app.getHttpServer()).get(`${API}/footprints/${footprintId}`).set('Authorization', 'Bearer pp_unknown_key').expect(401);
  });

  it('cannot be issued by a lead for a footprint they do not lead: 400 naming the field, nothing created', async () => {
    const before = await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM api_key');
    const res = await lead.http.post(`${API}/api-keys`).send({ name: 'Sneaky', footprintIds: [footprintId, otherFootprintId] }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'footprintIds', problem: expect.stringContaining(otherFootprintId) }]);
    expect(await db.query('SELECT count(*)::int AS n FROM api_key')).toEqual(before);
  });

  it('is managed only by leads and admins; a lead sees only keys wholly within their footprints', async () => {
    const analyst = await signedInAs(app, { role: 'analyst', footprintId });
    await analyst.http.post(`${API}/api-keys`).send({ name: 'x', footprintIds: [footprintId] }).expect(403);
    await analyst.http.get(`${API}/api-keys`).expect(403);
    const otherLead = await signedInAs(app, { role: 'footprint_lead', footprintId: otherFootprintId });
    const mine = await createKey();
    await otherLead.http.get(`${API}/api-keys/${mine.apiKey.id}`).expect(404);
    await otherLead.http.delete(`${API}/api-keys/${mine.apiKey.id}`).expect(404);
    const theirs = await otherLead.http.get(`${API}/api-keys`).expect(200);
    expect(theirs.body.items.map((k: { id: string }) => k.id)).not.toContain(mine.apiKey.id);
  });
});
