import type { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { createApiKey } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation, uniqueCode } from '../support/factories-registry';

type Row = Record<string, string | number | boolean | null>;

/**
 * `columns=` on the BI routes: only the columns asked for, in every format, cut from rows that have
 * already passed the anonymity gate, never without the gate's `suppressed` mark. Scores are written
 * straight into the score tables, as a scoring run would leave them (default k = 5).
 */
describe('reporting: a choice of columns on the BI routes', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  /** A scored round of four members' organisation scores and their footprint's: one member (2 respondents) below k = 5. */
  async function scoredFootprint() {
    const footprint = await createFootprint(app);
    const sizes = [2, 7, 9, 8];
    const members: { id: string; code: string; n: number }[] = [];
    for (const n of sizes) {
      const organisation = await createOrganisation(app, { code: uniqueCode.unitaryAuthority(), type: 'unitary_authority' });
      await addMember(app, footprint.id, organisation.id, '2024-04-01');
      members.push({ id: organisation.id, code: organisation.code, n });
    }
    const [round] = await db.query(
      `INSERT INTO round (footprint_id, instrument_id, period, opens_at, closes_at, status, scored_at)
       SELECT $1, id, '2026-Q1', now() - interval '30 days', now() - interval '1 day', 'scored', now() FROM instrument WHERE is_default RETURNING id`,
      [footprint.id],
    );
    await db.query(`INSERT INTO round_scoring (round_id, footprint_id, period, provisional, respondents, computed_at, duration_ms) VALUES ($1, $2, '2026-Q1', false, 0, now(), 1)`, [
      round.id,
      footprint.id,
    ]);
    const write = (scope: string, subject: string, organisationId: string | null, respondents: number, mean: number) =>
      db.query(
        `INSERT INTO score (footprint_id, round_id, period, provisional, scope, subject, measure, organisation_id, respondents, n, mean, sd, ci_lower, ci_upper, band, computed_at)
         VALUES ($1, $2, '2026-Q1', false, $3, $4, 'rhi', $5, $6, $6, $7::float8, 10, $7::float8 - 5, $7::float8 + 5, 'moderate', now())`,
        [footprint.id, round.id, scope, subject, organisationId, respondents, mean],
      );
    for (const [i, m] of members.entries()) await write('organisation', m.id, m.id, m.n, 50 + i * 5);
    await write('footprint', 'footprint', null, sizes.reduce((a, b) => a + b, 0), 58);
    return { footprint, members, key: await createApiKey(app, [footprint.id]) };
  }

  const ndjson = (text: string): Row[] => text.trim().split('\n').map((line) => JSON.parse(line) as Row);

  it('answers only the chosen columns, in the endpoint order, the same in JSON, CSV and NDJSON', async () => {
    const { footprint, key } = await scoredFootprint();
    const base = `${API}/bi/scores?footprint=${footprint.code}&scope=organisation,footprint`;
    const whole = (await key.http.get(`${base}&limit=1000`).expect(200)).body.items as Row[];
    expect(whole).toHaveLength(5);

    // Asked out of order and with a repeat: the columns come once each, in the read model's order, with `suppressed`.
    const chosen = 'mean,organisation_code,mean,respondents';
    const expected = whole.map((r) => ({ organisation_code: r.organisation_code, suppressed: r.suppressed, respondents: r.respondents, mean: r.mean }));
    const page = await key.http.get(`${base}&limit=1000&columns=${chosen}`).expect(200);
    expect(page.body.items.map((r: Row) => Object.keys(r))).toEqual(whole.map(() => ['organisation_code', 'suppressed', 'respondents', 'mean']));
    expect(page.body.items).toEqual(expected);

    const lines = await key.http.get(`${base}&columns=${chosen}`).set('Accept', 'application/x-ndjson').expect(200);
    expect(ndjson(lines.text)).toEqual(expected);
    for (const line of lines.text.trim().split('\n')) expect(Object.keys(JSON.parse(line))).toEqual(['organisation_code', 'suppressed', 'respondents', 'mean']);

    const csv = await key.http.get(`${base}&format=csv&columns=${chosen}`).expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('organisation_code,suppressed,respondents,mean');
    const records = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(records).toEqual(expected.map((r) => ({ organisation_code: r.organisation_code ?? '', suppressed: String(r.suppressed), respondents: r.respondents === null ? '' : String(r.respondents), mean: r.mean === null ? '' : String(r.mean) })));

    // Paging works the same with a choice: the cursor follows the rows, not the columns.
    const first = await key.http.get(`${base}&limit=2&columns=subject`).expect(200);
    expect(first.body.items).toEqual(whole.slice(0, 2).map((r) => ({ subject: r.subject, suppressed: r.suppressed })));
    const second = await key.http.get(`${base}&limit=2&columns=subject&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect(second.body.items).toEqual(whole.slice(2, 4).map((r) => ({ subject: r.subject, suppressed: r.suppressed })));
  });

  it('applies the gate before the choice: a subset never shows a withheld value, and always says it is withheld', async () => {
    const { footprint, members, key } = await scoredFootprint();
    const base = `${API}/bi/scores?footprint=${footprint.code}&scope=organisation`;
    const whole = (await key.http.get(`${base}&limit=1000`).expect(200)).body.items as Row[];
    const withheld = whole.filter((r) => r.suppressed);
    // The small member, and a complement so that the footprint's total gives it no way back.
    expect(withheld.map((r) => r.organisation_code)).toContain(members[0]!.code);
    expect(withheld.length).toBeGreaterThanOrEqual(2);

    for (const format of ['json', 'ndjson', 'csv'] as const) {
      for (const chosen of ['mean', 'respondents,band', 'organisation_code', 'mean,suppressed,sd']) {
        const res = await key.http.get(`${base}&limit=1000&format=${format}&columns=${chosen}`).expect(200);
        const rows: Row[] =
          format === 'json'
            ? res.body.items
            : format === 'ndjson'
              ? ndjson(res.text)
              : (parse(res.text, { columns: true }) as Record<string, string>[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'suppressed' ? v === 'true' : v === '' ? null : v])));
        expect(rows).toHaveLength(whole.length);
        rows.forEach((row, i) => {
          // The mark is there whichever columns were chosen, and agrees with the whole row's.
          expect(row.suppressed).toBe(whole[i]!.suppressed);
          if (row.suppressed) for (const name of chosen.split(',').filter((c) => c !== 'suppressed' && c !== 'organisation_code')) expect([name, row[name]]).toEqual([name, null]);
        });
      }
    }
  });

  it('refuses an unknown column with a 400 naming the field and the column, in every format, before any row is read', async () => {
    const { footprint, key } = await scoredFootprint();
    for (const format of ['json', 'csv', 'ndjson']) {
      const res = await key.http.get(`${API}/bi/scores?footprint=${footprint.code}&format=${format}&columns=mean,respondent_email`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toContain('respondent_email');
      expect(res.body.errors).toEqual([{ field: 'columns', problem: expect.stringMatching(/^has unknown column respondent_email; this endpoint's columns are footprint_code, .*\bmean\b/) }]);
    }
    // A column of another endpoint is unknown here; an empty choice names no column.
    const other = await key.http.get(`${API}/bi/rounds?columns=response_rate,mean`).expect(400);
    expect(other.body.errors).toEqual([{ field: 'columns', problem: expect.stringContaining('unknown column mean;') }]);
    const empty = await key.http.get(`${API}/bi/scores?columns=`).expect(400);
    expect(empty.body.errors).toEqual([{ field: 'columns', problem: expect.stringContaining('at least one column') }]);
  });

  it('gives a different ETag to a different choice of the same rows', async () => {
    const { footprint, key } = await scoredFootprint();
    const base = `${API}/bi/scores?footprint=${footprint.code}`;
    const all = await key.http.get(base).expect(200);
    const some = await key.http.get(`${base}&columns=mean`).expect(200);
    expect(some.headers.etag).not.toBe(all.headers.etag);
    await key.http.get(`${base}&columns=mean`).set('If-None-Match', some.headers.etag as string).expect(304);
  });
});
