import { Client } from 'pg';
import { keyDriverSql } from '../../libs/scoring/src/drivers/driver-queries';

/**
 * The key drivers' SQL against the real PostgreSQL: the same responses stored in another physical
 * order (as updates and vacuum leave a round's rows) give the same correlations to the last bit.
 * corr() sums floats in the order it is fed, so without a fixed order they differ in the last bits.
 * The rows go into a temporary `response` table of the session's own, which PostgreSQL looks up
 * before the real one, so the suite touches no shared data.
 */
const ROUND = '00000000-0000-4000-8000-000000000001';
const RESPONSES = 400;
/** Slot 0 is the outcome; the dimension is the mean of slots 1–3 (thirds), the items slots 1–4. */
const KINDS = {
  d: [{ key: 'delivery', slots: [1, 2, 3] }],
  i: [1, 2, 3, 4].map((s) => ({ key: `item${s}`, slots: [s] })),
};

/** Deterministic scores on the 0–100 scale of four- and five-point items, with a few unscored. */
function scoresOf(i: number): (number | null)[] {
  const latent = (i * 37) % 101;
  return [0, 1, 2, 3, 4].map((s) => {
    if ((i + s) % 23 === 0) return null;
    const points = s % 2 === 0 ? 4 : 3;
    return (100 * Math.round(((latent + ((i * (s + 3) * 13) % 41) - 20) / 100) * points)) / points;
  }).map((v) => (v === null ? null : Math.max(0, Math.min(100, v))));
}

describe('key drivers in SQL', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query('CREATE TEMP TABLE response (id uuid PRIMARY KEY, round_id uuid NOT NULL, first_submitted_at timestamptz NOT NULL, item_scores double precision[] NOT NULL)');
  });

  afterAll(async () => {
    await db?.end();
  });

  const rows = Array.from({ length: RESPONSES }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    // Many share a submission time, as a round's busiest minute does: the id orders those.
    at: new Date(Date.UTC(2026, 0, 1) + (i % 50) * 60_000).toISOString(),
    scores: scoresOf(i),
  }));

  async function driversOf(stored: typeof rows): Promise<Record<string, unknown>> {
    await db.query('TRUNCATE response');
    await db.query(
      `INSERT INTO response (id, round_id, first_submitted_at, item_scores)
       SELECT id, $1, at, ARRAY(SELECT jsonb_array_elements_text(scores)::double precision)
       FROM unnest($2::uuid[], $3::timestamptz[], $4::jsonb[]) WITH ORDINALITY AS r(id, at, scores, n) ORDER BY n`,
      [ROUND, stored.map((r) => r.id), stored.map((r) => r.at), stored.map((r) => JSON.stringify(r.scores))],
    );
    const [aggregates] = (await db.query(keyDriverSql(0, KINDS), [ROUND])).rows;
    return aggregates;
  }

  const interleaved = <T>(values: readonly T[]) => [...values.filter((_, i) => i % 2 === 0), ...values.filter((_, i) => i % 2 === 1)];

  it.each([
    ['reversed', [...rows].reverse()],
    ['interleaved', interleaved(rows)],
    ['rotated', [...rows.slice(157), ...rows.slice(0, 157)]],
  ])('gives the same correlations to the last bit with the rows stored %s', async (_order, stored) => {
    const original = await driversOf(rows);
    expect(original.d0_r).toEqual(expect.any(Number));
    expect(original.i_n).toBeGreaterThan(RESPONSES / 2);
    expect(await driversOf(stored)).toEqual(original);
  });
});
