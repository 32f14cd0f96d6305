import type { INestApplication } from '@nestjs/common';
import { type Settings, SettingsService } from '@pp/core';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin, createApiKey, signedInAs } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation } from '../support/factories-registry';

/** BI read models over HTTP: pages with Link headers, CSV and NDJSON exports, ETags, scope, the per-key limit. */
describe('reporting: BI read models', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app.close();
  });

  async function footprintWithMembers(count: number) {
    const footprint = await createFootprint(app);
    const members = [];
    for (let i = 0; i < count; i++) {
      const organisation = await createOrganisation(app, { name: `Council, "${i}"\nof ${footprint.code}` });
      await addMember(app, footprint.id, organisation.id, '2022-07-01');
      members.push(organisation);
    }
    return { footprint, members };
  }

  it('pages members in a stable order with Link rel="next" until the last page', async () => {
    const { footprint, members } = await footprintWithMembers(5);
    const admin = await asAdmin(app);
    const seen: string[] = [];
    let url: string | undefined = `${API}/bi/members?footprint=${footprint.code}&limit=2`;
    let pages = 0;
    while (url) {
      const res = await admin.http.get(url).expect(200);
      pages += 1;
      seen.push(...res.body.items.map((row: { organisation_code: string }) => row.organisation_code));
      const link = res.headers.link as string | undefined;
      if (res.body.nextCursor) {
        expect(link).toMatch(/^<http:\/\/[^>]+\/api\/v1\/bi\/members\?[^>]*cursor=[^>]+>; rel="next"$/);
        url = new URL(/<([^>]+)>/.exec(link!)![1]!).pathname + new URL(/<([^>]+)>/.exec(link!)![1]!).search;
      } else {
        expect(link).toBeUndefined();
        url = undefined;
      }
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(members.map((m) => m.code).sort());
  });

  it('streams every row as RFC 4180 CSV and as NDJSON, with the same columns as the JSON rows', async () => {
    const { footprint, members } = await footprintWithMembers(3);
    const admin = await asAdmin(app);
    const json = await admin.http.get(`${API}/bi/members?footprint=${footprint.code}`).expect(200);
    const csv = await admin.http.get(`${API}/bi/members?footprint=${footprint.code}`).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[0]).toBe(Object.keys(json.body.items[0]).join(','));
    const records = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.organisation_name).sort()).toEqual(members.map((m) => m.name).sort());
    expect(records[0]?.member_to).toBe('');
    const ndjson = await admin.http.get(`${API}/bi/members?footprint=${footprint.code}&format=ndjson`).expect(200);
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = ndjson.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual(json.body.items);
  });

  it('answers 304 to If-None-Match while nothing changed, and a new ETag after a change', async () => {
    const { footprint } = await footprintWithMembers(1);
    const admin = await asAdmin(app);
    const url = `${API}/bi/footprints?footprint=${footprint.code}`;
    const first = await admin.http.get(url).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    await admin.http.get(url).set('If-None-Match', etag).expect(304);
    const csv = await admin.http.get(url).set('Accept', 'text/csv').expect(200);
    expect(csv.headers.etag).not.toBe(etag);
    await admin.http.patch(`${API}/footprints/${footprint.id}`).send({ anonymityThreshold: 7 }).expect(200);
    const changed = await admin.http.get(url).set('If-None-Match', etag).expect(200);
    expect(changed.body.items[0].anonymity_threshold).toBe(7);
  });

  it('shows API keys and analysts only their footprints, whatever they filter on', async () => {
    const home = await footprintWithMembers(1);
    const away = await footprintWithMembers(1);
    const key = await createApiKey(app, [home.footprint.id]);
    const analyst = await signedInAs(app, { role: 'analyst', footprintId: home.footprint.id });
    for (const agent of [key.http, analyst.http]) {
      const all = await agent.get(`${API}/bi/members`).expect(200);
      expect(all.body.items.map((r: { footprint_code: string }) => r.footprint_code)).toEqual([home.footprint.code]);
      const foreign = await agent.get(`${API}/bi/members?footprint=${away.footprint.code}`).set('Accept', 'text/csv').expect(200);
      expect(foreign.text).not.toContain(away.footprint.code);
    }
  });

  it('limits each API key per minute with 429 problem details and Retry-After, other keys unaffected', async () => {
    const { footprint } = await footprintWithMembers(0);
    const key = await createApiKey(app, [footprint.id]);
    const other = await createApiKey(app, [footprint.id]);
    const perMinute = app.get<Settings>(SettingsService).get('API_KEY_RATE_LIMIT_PER_MINUTE', { infer: true });
    for (let i = 0; i < perMinute; i++) await key.http.get(`${API}/bi/footprints`).expect(200);
    const limited = await key.http.get(`${API}/bi/footprints`).expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await other.http.get(`${API}/bi/footprints`).expect(200);
    // The limit is per key: the same key through X-API-Key is the same budget.
    await request(app.getHttpServer()).get(`${API}/bi/footprints`).set('X-API-Key', key.key).expect(429);
  });

  it('refuses unknown sorts, malformed cursors and formats as problem details naming the field', async () => {
    const admin = await asAdmin(app);
    const sort = await admin.http.get(`${API}/bi/members?sort=nonsense`).expect(400);
    expect(sort.body.errors).toEqual([expect.objectContaining({ field: 'sort' })]);
    const cursor = await admin.http.get(`${API}/bi/members?cursor=abc`).expect(400);
    expect(cursor.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    await admin.http.get(`${API}/bi/members?format=xml`).expect(400);
    await admin.http.get(`${API}/bi/members?footprint=not%20a%20code`).expect(400);
  });
});
