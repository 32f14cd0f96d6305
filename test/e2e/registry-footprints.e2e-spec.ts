import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin } from '../support/auth';
import { API, createFootprint, uniqueCode } from '../support/factories-registry';

describe('registry: footprints', () => {
  let app: INestApplication;
  let admin: request.Agent;
  const http = () => admin;

  beforeAll(async () => {
    app = await startApi();
    admin = (await asAdmin(app)).http;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /footprints', () => {
    it('creates a footprint and returns it with ISO timestamps and the default threshold', async () => {
      const code = uniqueCode.footprint();
      const res = await http()
        .post(`${API}/footprints`)
        .send({ code, name: 'Cheshire and Merseyside', kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'Y62' } })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code,
        name: 'Cheshire and Merseyside',
        kind: 'ICS',
        nation: 'england',
        region: { name: 'North West', code: 'Y62' },
        anonymityThreshold: 5,
        benchmarkSharing: false,
        archivedAt: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: expect.any(String),
      });
    });

    it('accepts an ICB ODS code, and Scottish and Welsh partnerships', async () => {
      const code = uniqueCode.icb();
      const icb = await http()
        .post(`${API}/footprints`)
        .send({ code: code.toLowerCase(), name: 'ICB area', kind: 'ICS', nation: 'england', region: { name: 'North West' } })
        .expect(201);
      expect(icb.body).toMatchObject({ code, region: { code: null } });
      const scottish = await createFootprint(app, { code: `S37${uniqueCode.footprint().slice(3)}`, kind: 'HSCP', nation: 'scotland', region: { name: 'Lothian' } });
      expect(scottish.kind).toBe('HSCP');
      const welsh = await createFootprint(app, { code: `W11${uniqueCode.footprint().slice(3)}`, kind: 'RPB', nation: 'wales', region: { name: 'North Wales' } });
      expect(welsh.nation).toBe('wales');
    });

    it('refuses a duplicate code with 409 naming the field', async () => {
      const footprint = await createFootprint(app);
      const res = await http()
        .post(`${API}/footprints`)
        .send({ code: footprint.code, name: 'Again', kind: 'STP', nation: 'england', region: { name: 'North West' } })
        .expect(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'code', problem: 'already exists' }]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a council code', { code: 'E06000049' }, 'code'],
      ['an English code for Scotland', { nation: 'scotland', kind: 'HSCP' }, 'code'],
      ['an HSCP in England', { kind: 'HSCP' }, 'kind'],
      ['an unknown kind', { kind: 'CCG' }, 'kind'],
      ['an unknown nation', { nation: 'cornwall' }, 'nation'],
      ['a threshold below 3', { anonymityThreshold: 2 }, 'anonymityThreshold'],
      ['a fractional threshold', { anonymityThreshold: 4.5 }, 'anonymityThreshold'],
      ['a threshold as text', { anonymityThreshold: '5' }, 'anonymityThreshold'],
      ['a null threshold', { anonymityThreshold: null }, 'anonymityThreshold'],
      ['a long name', { name: 'x'.repeat(201) }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name that is a number', { name: 42 }, 'name'],
      ['a long code', { code: 'E540000081' }, 'code'],
      ['a bad region code', { region: { name: 'North West', code: 'NW' } }, 'region.code'],
      ['a region without a name', { region: { code: 'Y62' } }, 'region.name'],
      ['a region that is text', { region: 'North West' }, 'region'],
      ['an unknown field', { leads: ['someone'] }, 'leads'],
      ['an unknown region field', { region: { name: 'North West', colour: 'blue' } }, 'region.colour'],
    ])('refuses %s with 400', async (_case, fields, field) => {
      const body = { code: uniqueCode.footprint(), name: 'Test', kind: 'ICS', nation: 'england', region: { name: 'North West' }, ...fields };
      const res = await http().post(`${API}/footprints`).send(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a body missing every field, naming each', async () => {
      const res = await http().post(`${API}/footprints`).send({}).expect(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'kind', 'nation', 'region']));
    });
  });

  describe('GET /footprints/:id', () => {
    it('reads a footprint', async () => {
      const footprint = await createFootprint(app);
      const res = await http().get(`${API}/footprints/${footprint.id}`).expect(200);
      expect(res.body).toEqual(footprint);
    });

    it('answers 404 for an unknown id and 400 for a non-uuid', async () => {
      const missing = await http().get(`${API}/footprints/3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10`).expect(404);
      expect(missing.body.detail).toBe('Footprint 3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10 does not exist');
      const bad = await http().get(`${API}/footprints/not-a-uuid`).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'footprintId', problem: 'must be a UUID' }]);
    });
  });

  describe('PATCH /footprints/:id', () => {
    it('changes the fields given and keeps the rest', async () => {
      const footprint = await createFootprint(app, { anonymityThreshold: 7 });
      const res = await http()
        .patch(`${API}/footprints/${footprint.id}`)
        .send({ name: 'Renamed partnership', region: { name: 'North West', code: 'Y62' } })
        .expect(200);
      expect(res.body).toMatchObject({ name: 'Renamed partnership', code: footprint.code, anonymityThreshold: 7, region: { code: 'Y62' } });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(footprint.updatedAt as string));
    });

    it('checks the result as a whole: a kind that does not fit the nation is refused', async () => {
      const footprint = await createFootprint(app);
      const res = await http().patch(`${API}/footprints/${footprint.id}`).send({ kind: 'RPB' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'kind', problem: 'RPB is for wales, not england' }]);
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['null for a required field', { name: null }, 400, 'name'],
      ['a threshold of 1', { anonymityThreshold: 1 }, 400, 'anonymityThreshold'],
      ['an unknown field', { archivedAt: '2022-01-01' }, 400, 'archivedAt'],
    ])('refuses %s', async (_case, body, status, field) => {
      const footprint = await createFootprint(app);
      const res = await http().patch(`${API}/footprints/${footprint.id}`).send(body).expect(status);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a code another footprint has with 409', async () => {
      const [first, second] = [await createFootprint(app), await createFootprint(app)];
      const res = await http().patch(`${API}/footprints/${second.id}`).send({ code: first.code }).expect(409);
      expect(res.body.errors).toEqual([{ field: 'code', problem: 'already exists' }]);
    });

    it('answers 404 for an unknown footprint', async () => {
      await http().patch(`${API}/footprints/3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10`).send({ name: 'x' }).expect(404);
    });
  });

  describe('archive and list', () => {
    it('archives a footprint: still readable, hidden from lists unless includeArchived=true, archiving twice is harmless', async () => {
      const footprint = await createFootprint(app);
      const archived = await http().post(`${API}/footprints/${footprint.id}/archive`).expect(200);
      expect(archived.body.archivedAt).toMatch(/Z$/);
      const again = await http().post(`${API}/footprints/${footprint.id}/archive`).expect(200);
      expect(again.body.archivedAt).toBe(archived.body.archivedAt);
      await http().get(`${API}/footprints/${footprint.id}`).expect(200);

      const hidden = await http().get(`${API}/footprints`).query({ q: footprint.code }).expect(200);
      expect(hidden.body.items).toEqual([]);
      const shown = await http().get(`${API}/footprints`).query({ q: footprint.code, includeArchived: 'true' }).expect(200);
      expect(shown.body.items.map((f: { id: string }) => f.id)).toEqual([footprint.id]);
      await http().patch(`${API}/footprints/${footprint.id}`).send({ name: 'x' }).expect(409);
    });

    it('filters by nation, kind and text in the name or code', async () => {
      const tag = `Zebra${uniqueCode.footprint()}`;
      const ics = await createFootprint(app, { name: `${tag} ICS` });
      const stp = await createFootprint(app, { name: `${tag} STP`, kind: 'STP' });
      const hscp = await createFootprint(app, {
        name: `${tag} HSCP`,
        code: `S37${uniqueCode.footprint().slice(3)}`,
        kind: 'HSCP',
        nation: 'scotland',
      });
      const ids = async (query: Record<string, string>) =>
        (await http().get(`${API}/footprints`).query({ q: tag, ...query }).expect(200)).body.items.map((f: { id: string }) => f.id);
      expect(await ids({})).toEqual([hscp.id, ics.id, stp.id]);
      expect(await ids({ nation: 'england' })).toEqual([ics.id, stp.id]);
      expect(await ids({ kind: 'STP' })).toEqual([stp.id]);
      expect(await ids({ q: stp.code.toLowerCase() })).toEqual([stp.id]);
    });

    it('treats % and _ in q as plain text', async () => {
      const res = await http().get(`${API}/footprints`).query({ q: '%' }).expect(200);
      expect(res.body.items).toEqual([]);
    });

    it('pages through results with the cursor', async () => {
      const tag = `Paging${uniqueCode.footprint()}`;
      const created = [];
      for (let i = 0; i < 5; i += 1) created.push(await createFootprint(app, { name: `${tag} ${i}` }));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await http().get(`${API}/footprints`).query({ q: tag, limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((f: { id: string }) => f.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(created.map((f) => f.id));
    });

    it.each<[Record<string, string>, string]>([
      [{ nation: 'mars' }, 'nation'],
      [{ kind: 'ccg' }, 'kind'],
      [{ includeArchived: 'yes' }, 'includeArchived'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ q: 'x'.repeat(101) }, 'q'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ colour: 'blue' }, 'colour'],
    ])('refuses the query %j naming %s', async (query, field) => {
      const res = await http().get(`${API}/footprints`).query(query).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });
});
