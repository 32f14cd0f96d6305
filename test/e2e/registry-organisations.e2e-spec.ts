import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin } from '../support/auth';
import { API, createOrganisation, uniqueCode } from '../support/factories-registry';

describe('registry: organisations', () => {
  let app: INestApplication;
  let admin: request.Agent;
  const http = () => admin;
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    app = await startApi();
    admin = (await asAdmin(app)).http;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /organisations', () => {
    it('creates a council with its sector and code system worked out', async () => {
      const code = uniqueCode.unitaryAuthority();
      const res = await http()
        .post(`${API}/organisations`)
        .send({ code: code.toLowerCase(), name: ' Cheshire East Council ', type: 'unitary_authority', openedOn: '2009-04-01' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code,
        name: 'Cheshire East Council',
        type: 'unitary_authority',
        sector: 'local_government',
        codeSystem: 'ons',
        openedOn: '2009-04-01',
        closedOn: null,
        archivedAt: null,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
    });

    it.each<[string, () => string, string, string]>([
      ['a GP practice', uniqueCode.gpPractice, 'gp_practice', 'nhs'],
      ['a metropolitan borough', uniqueCode.metropolitanBorough, 'metropolitan_borough', 'local_government'],
      ['a voluntary organisation with an ODS-style code', uniqueCode.gpPractice, 'voluntary_sector', 'voluntary'],
      ['a housing association with an ONS-style code', uniqueCode.unitaryAuthority, 'housing', 'other'],
    ])('creates %s', async (_case, code, type, sector) => {
      const res = await http().post(`${API}/organisations`).send({ code: code(), name: 'Somebody', type }).expect(201);
      expect(res.body.sector).toBe(sector);
    });

    it('refuses a duplicate code with 409 naming the field, whatever its case', async () => {
      const organisation = await createOrganisation(app);
      const res = await http()
        .post(`${API}/organisations`)
        .send({ code: organisation.code.toLowerCase(), name: 'Again', type: 'unitary_authority' })
        .expect(409);
      expect(res.body).toMatchObject({ status: 409, errors: [{ field: 'code', problem: 'already exists' }] });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an ODS code on a council', { code: 'RBL' }, 'code'],
      ['a district code on a unitary authority', { code: 'E07000026' }, 'code'],
      ['an ONS code on a trust', { type: 'acute_trust' }, 'code'],
      ['a code system that does not fit the type', { codeSystem: 'ods' }, 'codeSystem'],
      ['an unknown code system', { codeSystem: 'gmc' }, 'codeSystem'],
      ['an unknown type', { type: 'hospital' }, 'type'],
      ['a closing date before the opening date', { openedOn: '2020-04-01', closedOn: '2019-04-01' }, 'closedOn'],
      ['a date with a time', { openedOn: '2020-04-01T00:00:00Z' }, 'openedOn'],
      ['an impossible date', { closedOn: '2022-02-30' }, 'closedOn'],
      ['a date as a number', { openedOn: 20200401 }, 'openedOn'],
      ['a long name', { name: 'x'.repeat(201) }, 'name'],
      ['a long code', { code: 'E0600004900' }, 'code'],
      ['a code that is a number', { code: 6000049 }, 'code'],
      ['an unknown field', { sector: 'nhs' }, 'sector'],
    ])('refuses %s with 400', async (_case, fields, field) => {
      const body = { code: uniqueCode.unitaryAuthority(), name: 'Test Council', type: 'unitary_authority', ...fields };
      const res = await http().post(`${API}/organisations`).send(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fieldsOf(res.body)).toContain(field);
    });
  });

  describe('GET and PATCH /organisations/:id', () => {
    it('reads an organisation', async () => {
      const organisation = await createOrganisation(app);
      const res = await http().get(`${API}/organisations/${organisation.id}`).expect(200);
      expect(res.body).toEqual(organisation);
    });

    it('answers 404 for an unknown id and 400 for a non-uuid', async () => {
      await http().get(`${API}/organisations/3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10`).expect(404);
      const bad = await http().get(`${API}/organisations/123`).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'organisationId', problem: 'must be a UUID' }]);
    });

    it('updates fields and works the code system out again when the type changes', async () => {
      const organisation = await createOrganisation(app);
      const code = uniqueCode.gpPractice();
      const res = await http().patch(`${API}/organisations/${organisation.id}`).send({ code, type: 'gp_practice', closedOn: '2022-06-30' }).expect(200);
      expect(res.body).toMatchObject({ code, type: 'gp_practice', sector: 'nhs', codeSystem: 'ods', closedOn: '2022-06-30', name: organisation.name });
      const cleared = await http().patch(`${API}/organisations/${organisation.id}`).send({ closedOn: null }).expect(200);
      expect(cleared.body.closedOn).toBeNull();
    });

    it('checks the code against a new type', async () => {
      const organisation = await createOrganisation(app);
      const res = await http().patch(`${API}/organisations/${organisation.id}`).send({ type: 'icb' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'code', problem: expect.stringContaining('ODS ICB code') }]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['a null name', { name: null }],
      ['a null type', { type: null }],
      ['an unknown field', { id: '3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10' }],
    ])('refuses %s', async (_case, body) => {
      const organisation = await createOrganisation(app);
      await http().patch(`${API}/organisations/${organisation.id}`).send(body).expect(400);
    });

    it('refuses a code another organisation has with 409', async () => {
      const [first, second] = [await createOrganisation(app), await createOrganisation(app)];
      const res = await http().patch(`${API}/organisations/${second.id}`).send({ code: first.code }).expect(409);
      expect(res.body.errors).toEqual([{ field: 'code', problem: 'already exists' }]);
    });
  });

  describe('archive and list', () => {
    it('archives an organisation: hidden from lists unless includeArchived=true, no longer editable', async () => {
      const organisation = await createOrganisation(app);
      const archived = await http().post(`${API}/organisations/${organisation.id}/archive`).expect(200);
      expect(archived.body.archivedAt).toMatch(/Z$/);
      const hidden = await http().get(`${API}/organisations`).query({ q: organisation.code }).expect(200);
      expect(hidden.body.items).toEqual([]);
      const shown = await http().get(`${API}/organisations`).query({ q: organisation.code, includeArchived: true }).expect(200);
      expect(shown.body.items.map((o: { id: string }) => o.id)).toEqual([organisation.id]);
      await http().patch(`${API}/organisations/${organisation.id}`).send({ name: 'x' }).expect(409);
      await http().post(`${API}/organisations/3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10/archive`).expect(404);
    });

    it('filters by type, sector and text, ordered by name', async () => {
      const tag = `Quokka ${uniqueCode.gpPractice()}`;
      const council = await createOrganisation(app, { name: `${tag} B Council` });
      const practice = await createOrganisation(app, { name: `${tag} A Surgery`, code: uniqueCode.gpPractice(), type: 'gp_practice' });
      const charity = await createOrganisation(app, { name: `${tag} C Charity`, code: uniqueCode.gpPractice(), type: 'voluntary_sector' });
      const ids = async (query: Record<string, string>) =>
        (await http().get(`${API}/organisations`).query({ q: tag, ...query }).expect(200)).body.items.map((o: { id: string }) => o.id);
      expect(await ids({})).toEqual([practice.id, council.id, charity.id]);
      expect(await ids({ sector: 'nhs' })).toEqual([practice.id]);
      expect(await ids({ sector: 'local_government' })).toEqual([council.id]);
      expect(await ids({ sector: 'voluntary' })).toEqual([charity.id]);
      expect(await ids({ type: 'gp_practice' })).toEqual([practice.id]);
      expect(await ids({ q: practice.code })).toEqual([practice.id]);
    });

    it('pages with the cursor', async () => {
      const tag = `Wombat ${uniqueCode.gpPractice()}`;
      const created = [];
      for (let i = 0; i < 3; i += 1) created.push(await createOrganisation(app, { name: `${tag} ${i}` }));
      const first = await http().get(`${API}/organisations`).query({ q: tag, limit: 2 }).expect(200);
      const second = await http().get(`${API}/organisations`).query({ q: tag, limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect([...first.body.items, ...second.body.items].map((o: { id: string }) => o.id)).toEqual(created.map((o) => o.id));
      expect(second.body.nextCursor).toBeNull();
    });

    describe('search with q (what the admin pages\' organisation picker sends)', () => {
      const found = async (q: string) => (await http().get(`${API}/organisations`).query({ q }).expect(200)).body.items.map((o: { id: string }) => o.id);

      it('finds by any part of the name, in any case, ignoring surrounding spaces', async () => {
        const tag = `Numbat${uniqueCode.gpPractice()}`;
        const practice = await createOrganisation(app, { name: `The ${tag} Medical Centre`, code: uniqueCode.gpPractice(), type: 'gp_practice' });
        expect(await found(tag.toLowerCase())).toEqual([practice.id]);
        expect(await found(`  ${tag.toUpperCase()} medical  `)).toEqual([practice.id]);
        expect(await found(`${tag.slice(3)} Med`)).toEqual([practice.id]);
      });

      it('finds by ODS or ONS code, whole or its start, in any case', async () => {
        const practice = await createOrganisation(app, { name: 'Code search surgery', code: uniqueCode.gpPractice(), type: 'gp_practice' });
        const council = await createOrganisation(app, { name: 'Code search council' });
        expect(await found(practice.code.toLowerCase())).toEqual([practice.id]);
        expect(await found(council.code)).toEqual([council.id]);
        expect(await found(council.code.slice(0, -1))).toContain(council.id);
      });

      it('finds nothing for text no organisation has, and takes % and _ literally', async () => {
        await createOrganisation(app, { name: 'Percent 100 Trust' });
        expect(await found(`no such organisation ${uniqueCode.gpPractice()}`)).toEqual([]);
        expect(await found('Percent 1_0 %')).toEqual([]);
      });

      it.each<[string, string]>([
        ['x'.repeat(101), 'must be shorter than or equal to 100 characters'],
        ['Wir\u0000ral', 'contains the control character U+0000'],
      ])('refuses q=%j with 400 naming the field', async (q, problem) => {
        const res = await http().get(`${API}/organisations`).query({ q }).expect(400);
        expect(res.body.errors).toEqual([{ field: 'q', problem }]);
      });
    });

    it.each<[Record<string, string>, string]>([
      [{ type: 'hospital' }, 'type'],
      [{ sector: 'private' }, 'sector'],
      [{ includeArchived: '1' }, 'includeArchived'],
      [{ nation: 'england' }, 'nation'],
    ])('refuses the query %j', async (query, field) => {
      const res = await http().get(`${API}/organisations`).query(query).expect(400);
      expect(fieldsOf(res.body)).toContain(field);
    });
  });
});
