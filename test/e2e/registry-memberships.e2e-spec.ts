import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation, type OrganisationBody, uniqueCode } from '../support/factories-registry';

const UNKNOWN_ID = '3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10';

describe('registry: memberships', () => {
  let app: INestApplication;
  let admin: request.Agent;
  const http = () => admin;
  const membersAt = async (footprintId: string, at?: string) => {
    const res = await http()
      .get(`${API}/footprints/${footprintId}/members`)
      .query(at ? { at } : {})
      .expect(200);
    return res.body as { at: string; items: { organisation: { code: string } }[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    app = await startApi();
    admin = (await asAdmin(app)).http;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /footprints/:id/members', () => {
    it('adds an organisation from a date and returns the membership', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      const res = await http()
        .post(`${API}/footprints/${footprint.id}/members`)
        .send({ organisationId: organisation.id, memberFrom: '2016-04-01' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        footprintId: footprint.id,
        organisation: { id: organisation.id, code: organisation.code, name: organisation.name, type: 'unitary_authority', sector: 'local_government' },
        memberFrom: '2016-04-01',
        memberTo: null,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
    });

    it('allows separate periods but refuses an overlapping one with 409', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      await addMember(app, footprint.id, organisation.id, '2016-04-01', '2018-03-31');
      await addMember(app, footprint.id, organisation.id, '2018-04-01');
      const res = await http()
        .post(`${API}/footprints/${footprint.id}/members`)
        .send({ organisationId: organisation.id, memberFrom: '2020-01-01', memberTo: '2020-12-31' })
        .expect(409);
      expect(res.body.errors).toEqual([{ field: 'memberFrom', problem: 'overlaps the membership from 2018-04-01' }]);
    });

    it('lets one organisation belong to two footprints at once', async () => {
      const [first, second] = [await createFootprint(app), await createFootprint(app)];
      const organisation = await createOrganisation(app);
      await addMember(app, first.id, organisation.id, '2016-04-01');
      await addMember(app, second.id, organisation.id, '2016-04-01');
    });

    it('refuses an end before the start with 400 naming memberTo', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      const res = await http()
        .post(`${API}/footprints/${footprint.id}/members`)
        .send({ organisationId: organisation.id, memberFrom: '2022-07-01', memberTo: '2022-06-30' })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'memberTo', problem: 'must not be before memberFrom (2022-07-01)' }]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a missing start', { memberFrom: undefined }, 'memberFrom'],
      ['a start with a time', { memberFrom: '2022-07-01T00:00:00' }, 'memberFrom'],
      ['an impossible end', { memberTo: '2022-06-31' }, 'memberTo'],
      ['a non-uuid organisation', { organisationId: 'RBL' }, 'organisationId'],
      ['an unknown field', { role: 'lead' }, 'role'],
    ])('refuses %s with 400', async (_case, fields, field) => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      const res = await http()
        .post(`${API}/footprints/${footprint.id}/members`)
        .send({ organisationId: organisation.id, memberFrom: '2022-07-01', ...fields })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers 404 for an unknown footprint or organisation and 400 for a non-uuid footprint', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      const noFootprint = await http()
        .post(`${API}/footprints/${UNKNOWN_ID}/members`)
        .send({ organisationId: organisation.id, memberFrom: '2022-07-01' })
        .expect(404);
      expect(noFootprint.body.detail).toBe(`Footprint ${UNKNOWN_ID} does not exist`);
      const noOrganisation = await http()
        .post(`${API}/footprints/${footprint.id}/members`)
        .send({ organisationId: UNKNOWN_ID, memberFrom: '2022-07-01' })
        .expect(404);
      expect(noOrganisation.body.detail).toBe(`Organisation ${UNKNOWN_ID} does not exist`);
      const bad = await http().post(`${API}/footprints/E54000008/members`).send({ organisationId: organisation.id, memberFrom: '2022-07-01' }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'footprintId', problem: 'must be a UUID' }]);
    });

    it('refuses archived footprints and organisations with 409', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      await http().post(`${API}/organisations/${organisation.id}/archive`).expect(200);
      await http().post(`${API}/footprints/${footprint.id}/members`).send({ organisationId: organisation.id, memberFrom: '2022-07-01' }).expect(409);
      const archivedFootprint = await createFootprint(app);
      await http().post(`${API}/footprints/${archivedFootprint.id}/archive`).expect(200);
      const live = await createOrganisation(app);
      await http().post(`${API}/footprints/${archivedFootprint.id}/members`).send({ organisationId: live.id, memberFrom: '2022-07-01' }).expect(409);
    });
  });

  describe('POST /footprints/:id/members/:membershipId/end', () => {
    it('ends a membership on its last day', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      const membership = await addMember(app, footprint.id, organisation.id, '2016-04-01');
      const res = await http()
        .post(`${API}/footprints/${footprint.id}/members/${membership.id}/end`)
        .send({ memberTo: '2022-06-30' })
        .expect(200);
      expect(res.body).toMatchObject({ id: membership.id, memberFrom: '2016-04-01', memberTo: '2022-06-30', organisation: { id: organisation.id } });
      expect((await membersAt(footprint.id, '2022-06-30')).items).toHaveLength(1);
      expect((await membersAt(footprint.id, '2022-07-01')).items).toHaveLength(0);
    });

    it('refuses to end twice (409), before the start (400), or without a date (400)', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      const membership = await addMember(app, footprint.id, organisation.id, '2016-04-01');
      const end = (body: object) => http().post(`${API}/footprints/${footprint.id}/members/${membership.id}/end`).send(body);
      expect((await end({ memberTo: '2015-03-31' }).expect(400)).body.errors).toEqual([
        { field: 'memberTo', problem: 'must not be before memberFrom (2016-04-01)' },
      ]);
      expect((await end({}).expect(400)).body.errors[0].field).toBe('memberTo');
      expect((await end({ memberTo: '30/06/2022' }).expect(400)).body.errors[0].field).toBe('memberTo');
      await end({ memberTo: '2022-06-30' }).expect(200);
      expect((await end({ memberTo: '2023-03-31' }).expect(409)).body.detail).toContain('already ended on 2022-06-30');
    });

    it('does not find a membership through another footprint (404)', async () => {
      const [footprint, other] = [await createFootprint(app), await createFootprint(app)];
      const organisation = await createOrganisation(app);
      const membership = await addMember(app, footprint.id, organisation.id, '2016-04-01');
      await http().post(`${API}/footprints/${other.id}/members/${membership.id}/end`).send({ memberTo: '2022-06-30' }).expect(404);
      await http().post(`${API}/footprints/${footprint.id}/members/${UNKNOWN_ID}/end`).send({ memberTo: '2022-06-30' }).expect(404);
      const bad = await http().post(`${API}/footprints/${footprint.id}/members/nope/end`).send({ memberTo: '2022-06-30' }).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'membershipId', problem: 'must be a UUID' }]);
    });
  });

  describe('GET /footprints/:id/members', () => {
    it('lists the members on a date, today by default, by name', async () => {
      const footprint = await createFootprint(app);
      const ccg = await createOrganisation(app, { code: uniqueCode.ccg(), name: 'A CCG', type: 'ccg' });
      const icb = await createOrganisation(app, { code: uniqueCode.icb(), name: 'B ICB', type: 'icb' });
      const council = await createOrganisation(app, { name: 'C Council' });
      await addMember(app, footprint.id, ccg.id, '2016-04-01', '2022-06-30');
      await addMember(app, footprint.id, icb.id, '2022-07-01');
      await addMember(app, footprint.id, council.id, '2016-04-01');

      const codes = async (at?: string) => (await membersAt(footprint.id, at)).items.map((m) => m.organisation.code);
      expect(await codes('2016-03-31')).toEqual([]);
      expect(await codes('2022-06-30')).toEqual([ccg.code, council.code]);
      expect(await codes('2022-07-01')).toEqual([icb.code, council.code]);
      const today = await membersAt(footprint.id);
      expect(today.at).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(today.items.map((m) => m.organisation.code)).toEqual([icb.code, council.code]);
    });

    it('pages through members', async () => {
      const footprint = await createFootprint(app);
      for (let i = 0; i < 3; i += 1) {
        const organisation = await createOrganisation(app, { name: `Member ${i}` });
        await addMember(app, footprint.id, organisation.id, '2020-01-01');
      }
      const first = await http().get(`${API}/footprints/${footprint.id}/members`).query({ limit: 2 }).expect(200);
      const second = await http().get(`${API}/footprints/${footprint.id}/members`).query({ limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect([...first.body.items, ...second.body.items].map((m: { organisation: { name: string } }) => m.organisation.name)).toEqual([
        'Member 0',
        'Member 1',
        'Member 2',
      ]);
    });

    it('lists every membership overlapping a range (from, to: both inclusive, either open), a row per membership', async () => {
      const footprint = await createFootprint(app);
      // Named in this order (ICB codes are too few to draw at random twice in a test).
      const [ccg, icb, council, joiner] = (await Promise.all(['A', 'B', 'C', 'D'].map((letter) => createOrganisation(app, { name: `${letter} ${footprint.code}` })))) as [OrganisationBody, OrganisationBody, OrganisationBody, OrganisationBody];
      await addMember(app, footprint.id, ccg.id, '2016-04-01', '2022-06-30');
      await addMember(app, footprint.id, icb.id, '2022-07-01');
      // Left and rejoined: two memberships of one organisation.
      await addMember(app, footprint.id, council.id, '2016-04-01', '2018-03-31');
      await addMember(app, footprint.id, council.id, '2020-04-01');
      await addMember(app, footprint.id, joiner.id, '2023-01-01');
      const list = async (query: Record<string, string | number>) => {
        const res = await http().get(`${API}/footprints/${footprint.id}/members`).query(query).expect(200);
        return res.body as { at: string | null; from: string | null; to: string | null; items: { organisation: { code: string } }[]; nextCursor: string | null };
      };
      const codes = async (query: Record<string, string>) => (await list(query)).items.map((m) => m.organisation.code);

      // A quarter before the ICB: the CCG to its last day, not the ICB that followed it.
      expect(await codes({ from: '2022-04-01', to: '2022-06-30' })).toEqual([ccg.code, council.code]);
      // A range across the change holds both, each on one day of it.
      expect(await codes({ from: '2022-06-30', to: '2022-07-01' })).toEqual([ccg.code, icb.code, council.code]);
      // The council's two memberships both overlap 2017–2021.
      expect(await codes({ from: '2017-01-01', to: '2021-01-01' })).toEqual([ccg.code, council.code, council.code]);
      expect(await codes({ from: '2022-07-01' })).toEqual([icb.code, council.code, joiner.code]);
      expect(await codes({ to: '2016-03-31' })).toEqual([]);
      expect(await codes({ to: '2016-04-01' })).toEqual([ccg.code, council.code]);
      const range = await list({ from: '2022-04-01', to: '2022-06-30' });
      expect(range).toMatchObject({ at: null, from: '2022-04-01', to: '2022-06-30' });
      expect(await list({ at: '2022-07-01' })).toMatchObject({ at: '2022-07-01', from: null, to: null });

      // Paged one at a time, the rows are the same, the council's two included once each.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list({ from: '2016-01-01', to: '2030-12-31', limit: 1, ...(cursor ? { cursor } : {}) });
        paged.push(...page.items.map((m) => m.organisation.code));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual([ccg.code, icb.code, council.code, council.code, joiner.code]);
    });

    it.each<[string, Record<string, string>, { field: string; problem: string }]>([
      ['at with from', { at: '2022-07-01', from: '2022-04-01' }, { field: 'at', problem: 'must not be given with from or to' }],
      ['at with to', { at: '2022-07-01', to: '2022-09-30' }, { field: 'at', problem: 'must not be given with from or to' }],
      ['to before from', { from: '2022-07-01', to: '2022-06-30' }, { field: 'to', problem: 'must not be before from (2022-07-01)' }],
      ['an impossible from', { from: '2022-02-30', to: '2022-06-30' }, { field: 'from', problem: 'must be an ISO 8601 date (YYYY-MM-DD)' }],
      ['a to with a time', { to: '2022-06-30T00:00:00Z' }, { field: 'to', problem: 'must be an ISO 8601 date (YYYY-MM-DD)' }],
    ])('refuses %s with 400 naming the field', async (_case, query, error) => {
      const footprint = await createFootprint(app);
      const res = await http().get(`${API}/footprints/${footprint.id}/members`).query(query).expect(400);
      expect(res.body.errors).toEqual([error]);
    });

    it('refuses a bad date (400) and an unknown footprint (404)', async () => {
      const footprint = await createFootprint(app);
      for (const at of ['2022-7-1', '2022-02-30', 'today', '2022-07-01T00:00:00Z']) {
        const res = await http().get(`${API}/footprints/${footprint.id}/members`).query({ at }).expect(400);
        expect(res.body.errors).toEqual([{ field: 'at', problem: 'must be an ISO 8601 date (YYYY-MM-DD)' }]);
      }
      await http().get(`${API}/footprints/${UNKNOWN_ID}/members`).expect(404);
    });
  });
});
