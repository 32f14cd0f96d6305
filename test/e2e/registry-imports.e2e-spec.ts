import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation, referenceData, uniqueCode } from '../support/factories-registry';

const MEMBERS_HEADER = 'code,code_system,name,organisation_type,member_from,member_to\n';

/** A row of an ODS "etr" extract: 27 columns, no header, dates as YYYYMMDD. */
function etrRow(code: string, name: string, openDate: string, closeDate = ''): string {
  const cells = [code, name, 'Y62', 'QYG', 'ARROWE PARK HOSPITAL', 'ARROWE PARK ROAD', 'UPTON', 'WIRRAL', 'MERSEYSIDE', 'CH49 5PE', openDate, closeDate];
  return [...cells, ...Array(15).fill('')].map((cell) => `"${cell}"`).join(',');
}

describe('registry: CSV imports', () => {
  let app: INestApplication;
  let admin: request.Agent;
  const http = () => admin;
  const postCsv = (path: string, csv: string) => http().post(`${API}${path}`).set('Content-Type', 'text/csv').send(csv);
  const memberCodesAt = async (footprintId: string, at: string) => {
    const res = await http().get(`${API}/footprints/${footprintId}/members`).query({ at, limit: 100 }).expect(200);
    return (res.body.items as { organisation: { code: string } }[]).map((m) => m.organisation.code).sort();
  };
  const organisationExists = async (code: string) =>
    (await http().get(`${API}/organisations`).query({ q: code, includeArchived: true }).expect(200)).body.items.length > 0;

  beforeAll(async () => {
    app = await startApi();
    admin = (await asAdmin(app)).http;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /footprints/:id/members/import', () => {
    it('imports the real Cheshire and Merseyside members, and importing again changes nothing', async () => {
      const csv = referenceData('cheshire-merseyside-members.csv');
      const footprint = await createFootprint(app, { name: 'Cheshire and Merseyside' });
      const first = await postCsv(`/footprints/${footprint.id}/members/import`, csv).expect(200);
      expect(first.body.rows).toBe(26);
      // Organisations are shared across footprints, so another suite may have created some already.
      const { created, updated, unchanged } = first.body.organisations;
      expect(created + updated + unchanged).toBe(26);
      expect(first.body.memberships).toEqual({ created: 26, updated: 0, unchanged: 0 });

      const again = await postCsv(`/footprints/${footprint.id}/members/import`, csv).expect(200);
      expect(again.body).toEqual({
        rows: 26,
        organisations: { created: 0, updated: 0, unchanged: 26 },
        memberships: { created: 0, updated: 0, unchanged: 26 },
      });

      const ccgs = ['01F', '01J', '01T', '01V', '01X', '02E', '12F', '27D', '99A'];
      const trusts = ['RBL', 'RBN', 'RBS', 'RBT', 'REM', 'REN', 'REP'];
      const councils = ['E06000006', 'E06000007', 'E06000049', 'E06000050', 'E08000011', 'E08000012', 'E08000013', 'E08000014', 'E08000015'];
      expect(await memberCodesAt(footprint.id, '2022-06-30')).toEqual([...ccgs, ...councils, ...trusts].sort());
      expect(await memberCodesAt(footprint.id, '2022-07-01')).toEqual(['QYG', ...councils, ...trusts].sort());
      // NHS Cheshire CCG (27D) only began in April 2020.
      expect(await memberCodesAt(footprint.id, '2019-01-01')).toEqual([...ccgs.filter((c) => c !== '27D'), ...councils, ...trusts].sort());
      expect(await memberCodesAt(footprint.id, '2016-03-31')).toEqual([]);

      const icb = (await http().get(`${API}/organisations`).query({ q: 'QYG' }).expect(200)).body.items[0];
      expect(icb).toMatchObject({ code: 'QYG', type: 'icb', sector: 'nhs', codeSystem: 'ods' });
    });

    it('updates a membership’s end date when the file changes it', async () => {
      const footprint = await createFootprint(app);
      const code = uniqueCode.gpPractice();
      const path = `/footprints/${footprint.id}/members/import`;
      await postCsv(path, `${MEMBERS_HEADER}${code},ods,THE SURGERY,gp_practice,2020-04-01,\n`).expect(200);
      const ended = await postCsv(path, `${MEMBERS_HEADER}${code},ods,THE NEW SURGERY,gp_practice,2020-04-01,2023-03-31\n`).expect(200);
      expect(ended.body).toEqual({
        rows: 1,
        organisations: { created: 0, updated: 1, unchanged: 0 },
        memberships: { created: 0, updated: 1, unchanged: 0 },
      });
      expect(await memberCodesAt(footprint.id, '2023-04-01')).toEqual([]);
    });

    it('keeps the open and close dates an ODS import gave, which the members layout does not carry', async () => {
      const code = uniqueCode.ccg();
      await postCsv('/organisations/import', `${etrRow(code, 'NHS DATED CCG', '20200401', '20220630')}\n`).expect(200);
      const footprint = await createFootprint(app);
      const res = await postCsv(`/footprints/${footprint.id}/members/import`, `${MEMBERS_HEADER}${code},ods,NHS DATED CCG,ccg,2020-04-01,2022-06-30\n`).expect(200);
      expect(res.body.organisations).toEqual({ created: 0, updated: 0, unchanged: 1 });
      const organisation = (await http().get(`${API}/organisations`).query({ q: code }).expect(200)).body.items[0];
      expect(organisation).toMatchObject({ openedOn: '2020-04-01', closedOn: '2022-06-30' });
    });

    it('refuses a close date before the open date the registry already holds', async () => {
      const code = uniqueCode.ccg();
      await postCsv('/organisations/import', `${etrRow(code, 'NHS DATED CCG', '20200401')}\n`).expect(200);
      const res = await postCsv('/organisations/import', `code,name,organisation_type,close_date\n${code},NHS DATED CCG,ccg,2019-03-31\n`).expect(422);
      expect(res.body.errors).toEqual([{ row: 1, field: 'close_date', problem: 'must not be before the opening date (2020-04-01)' }]);
    });

    it('refuses a file with bad rows with 422, listing each problem, and writes nothing', async () => {
      const footprint = await createFootprint(app);
      const good = uniqueCode.gpPractice();
      const csv =
        MEMBERS_HEADER +
        `${good},ods,A GOOD PRACTICE,gp_practice,2020-04-01,\n` +
        `RBL,ons,WIRRAL,acute_trust,2016-04-01,\n` +
        `${uniqueCode.unitaryAuthority()},ons,A COUNCIL,unitary_authority,01/04/2016,\n` +
        `${uniqueCode.unitaryAuthority()},ons,,hospital,2016-04-01,2015-01-01\n`;
      const res = await postCsv(`/footprints/${footprint.id}/members/import`, csv).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.detail).toBe('The file has 5 problem(s); nothing was imported');
      expect(res.body.errors).toEqual([
        { row: 2, field: 'code_system', problem: 'must be ods for type acute_trust' },
        { row: 3, field: 'member_from', problem: 'must be a date: YYYY-MM-DD, or YYYYMMDD as ODS writes it' },
        { row: 4, field: 'name', problem: 'is required' },
        { row: 4, field: 'organisation_type', problem: expect.stringContaining('must be one of') },
        { row: 4, field: 'member_to', problem: 'must not be before member_from (2016-04-01)' },
      ]);
      expect(await organisationExists(good)).toBe(false);
    });

    it('refuses a period that overlaps an existing membership, and rolls back the whole file', async () => {
      const footprint = await createFootprint(app);
      const member = await createOrganisation(app);
      await addMember(app, footprint.id, member.id, '2016-04-01');
      const newcomer = uniqueCode.gpPractice();
      const csv =
        MEMBERS_HEADER + `${newcomer},ods,NEW PRACTICE,gp_practice,2020-04-01,\n${member.code},ons,${member.name},unitary_authority,2019-04-01,\n`;
      const res = await postCsv(`/footprints/${footprint.id}/members/import`, csv).expect(422);
      expect(res.body.errors).toEqual([{ row: 2, field: 'member_from', problem: 'overlaps the membership from 2016-04-01' }]);
      expect(await organisationExists(newcomer)).toBe(false);
      expect(await memberCodesAt(footprint.id, '2021-01-01')).toEqual([member.code]);
    });

    it('refuses archived organisations and overlapping rows within the file', async () => {
      const footprint = await createFootprint(app);
      const archived = await createOrganisation(app);
      await http().post(`${API}/organisations/${archived.id}/archive`).expect(200);
      const code = uniqueCode.gpPractice();
      const csv =
        MEMBERS_HEADER +
        `${archived.code},ons,${archived.name},unitary_authority,2016-04-01,\n` +
        `${code},ods,PRACTICE,gp_practice,2016-04-01,2020-03-31\n` +
        `${code},ods,PRACTICE,gp_practice,2020-01-01,\n`;
      const overlapping = await postCsv(`/footprints/${footprint.id}/members/import`, csv).expect(422);
      expect(overlapping.body.errors).toEqual([
        { row: 3, field: 'member_from', problem: 'overlaps the period from 2016-04-01 to 2020-03-31 on row 2' },
      ]);
      const fixed = csv.replace('2020-01-01', '2020-04-01');
      const res = await postCsv(`/footprints/${footprint.id}/members/import`, fixed).expect(422);
      expect(res.body.errors).toEqual([{ row: 1, field: 'code', problem: `organisation ${archived.code} is archived and cannot be a member` }]);
    });

    it.each<[string, string, string]>([
      ['a file without a header', 'RBL,ods,WIRRAL,acute_trust,2016-04-01,\n', 'header row'],
      ['a header without member_from', 'code,name,organisation_type\nRBL,WIRRAL,acute_trust\n', 'column is missing'],
      ['a header and no rows', MEMBERS_HEADER, 'has no data rows'],
      ['an empty file', '', 'is empty'],
      ['unbalanced quotes', `${MEMBERS_HEADER}"RBL,ods,WIRRAL,acute_trust,2016-04-01,\n`, 'not readable CSV'],
      ['a row with too many cells', `${MEMBERS_HEADER}RBL,ods,WIRRAL,acute_trust,2016-04-01,,extra\n`, 'not readable CSV'],
    ])('refuses %s with 422', async (_case, csv, problem) => {
      const footprint = await createFootprint(app);
      const res = await postCsv(`/footprints/${footprint.id}/members/import`, csv).expect(422);
      expect(res.body.errors[0].problem).toContain(problem);
    });

    it('answers 404 for an unknown footprint, 400 for a non-uuid, 409 for an archived one', async () => {
      const csv = referenceData('cheshire-merseyside-members.csv');
      await postCsv('/footprints/3f1c2b9e-8a41-4d55-9b1e-2f0d6c7a9e10/members/import', csv).expect(404);
      await postCsv('/footprints/E54000008/members/import', csv).expect(400);
      const footprint = await createFootprint(app);
      await http().post(`${API}/footprints/${footprint.id}/archive`).expect(200);
      await postCsv(`/footprints/${footprint.id}/members/import`, csv).expect(409);
    });
  });

  describe('POST /organisations/import', () => {
    it('imports a headerless ODS trust file with ?type=, and importing again changes nothing', async () => {
      const [first, second] = [uniqueCode.trust(), uniqueCode.trust()];
      const csv = `${etrRow(first, 'FIRST TEST HOSPITALS NHS FOUNDATION TRUST', '19970401')}\n${etrRow(second, 'SECOND TEST NHS TRUST', '19990401', '20220331')}\n`;
      const res = await postCsv('/organisations/import?type=acute_trust', csv).expect(200);
      expect(res.body).toEqual({ rows: 2, organisations: { created: 2, updated: 0, unchanged: 0 } });
      const again = await postCsv('/organisations/import?type=acute_trust', csv).expect(200);
      expect(again.body.organisations).toEqual({ created: 0, updated: 0, unchanged: 2 });
      const found = (await http().get(`${API}/organisations`).query({ q: second }).expect(200)).body.items[0];
      expect(found).toMatchObject({ code: second, type: 'acute_trust', sector: 'nhs', openedOn: '1999-04-01', closedOn: '2022-03-31' });
    });

    it('imports an ODS file with its header row, CCG and ICB types read from the codes', async () => {
      const [ccg, icb] = [uniqueCode.ccg(), uniqueCode.icb()];
      const csv =
        'Organisation Code,Name,National Grouping,High Level Health Geography,Address Line 1,Address Line 2,Address Line 3,Address Line 4,Address Line 5,Postcode,Open Date,Close Date\n' +
        `${ccg},NHS TEST CCG,Y62,QYG,1 STREET,,,,,CH2 1HJ,20200401,20220630\n` +
        `${icb},NHS TEST INTEGRATED CARE BOARD,Y62,,2 STREET,,,,,L3 1QW,20220701,\n`;
      const res = await postCsv('/organisations/import', csv).expect(200);
      expect(res.body.organisations.created).toBe(2);
      const types = await Promise.all(
        [ccg, icb].map(async (code) => (await http().get(`${API}/organisations`).query({ q: code }).expect(200)).body.items[0].type),
      );
      expect(types).toEqual(['ccg', 'icb']);
    });

    it('imports councils in our layout and reports updates', async () => {
      const [a, b] = [uniqueCode.unitaryAuthority(), uniqueCode.metropolitanBorough()];
      const csv = `code,name,organisation_type\n${a},Test Borough Council,unitary_authority\n${b},Test Metropolitan Borough Council,metropolitan_borough\n`;
      await postCsv('/organisations/import', csv).expect(200);
      const renamed = await postCsv('/organisations/import', csv.replace('Test Borough Council', 'Test Council')).expect(200);
      expect(renamed.body.organisations).toEqual({ created: 0, updated: 1, unchanged: 1 });
    });

    it('refuses trust codes without a type, naming the row and column, and writes nothing', async () => {
      const council = uniqueCode.unitaryAuthority();
      const csv = `code,name\n${council},A Council\n${uniqueCode.trust()},A TRUST\n`;
      const res = await postCsv('/organisations/import', csv).expect(422);
      expect(res.body.errors).toEqual([{ row: 2, field: 'organisation_type', problem: expect.stringContaining('is required') }]);
      expect(await organisationExists(council)).toBe(false);
    });

    it('refuses a repeated code in one file', async () => {
      const code = uniqueCode.unitaryAuthority();
      const csv = `code,name,organisation_type\n${code},A,unitary_authority\n${code},B,unitary_authority\n`;
      const res = await postCsv('/organisations/import', csv).expect(422);
      expect(res.body.errors).toEqual([{ row: 2, field: 'code', problem: 'appears again (first on row 1)' }]);
    });

    it('refuses an unknown ?type= with 400 and unknown query fields', async () => {
      const res = await postCsv('/organisations/import?type=hospital', 'code,name\n').expect(400);
      expect(res.body.errors[0].field).toBe('type');
      await postCsv('/organisations/import?dryRun=true', 'code,name\n').expect(400);
    });

    it('refuses a body that is not CSV with 415', async () => {
      const json = await http().post(`${API}/organisations/import`).send({ code: 'RBL' }).expect(415);
      expect(json.body.detail).toContain('text/csv');
      await http().post(`${API}/organisations/import`).expect(415);
    });

    it('refuses a file over the CSV size limit with 413', async () => {
      const big = `code,name,organisation_type\n${'E06000049,x,unitary_authority\n'.repeat(400_000)}`;
      await postCsv('/organisations/import', big).expect(413);
    });
  });
});
