import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { serveOnLoopback, startApi } from '../support/app';
import { asAdmin } from '../support/auth';
import { API } from '../support/factories-registry';

const FOOTPRINTS = 40;
const ROWS_PER_FOOTPRINT = 12_500;

/** Exports of a large result: streamed in constant memory, and stopped in PostgreSQL when the client goes away. */
describe('reporting: streamed exports', () => {
  let app: INestApplication;
  let db: DataSource;
  let prefix: string;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    prefix = `X${randomUUID().replace(/\D/g, '').slice(0, 4)}`;
    // Half a million score rows over footprints of their own, written as a scoring run would leave them.
    await db.query(
      `INSERT INTO footprint (code, name, kind, nation, region_name) SELECT $1 || lpad(g::text, 4, '0'), 'Export footprint ' || g, 'ICS', 'england', 'North West' FROM generate_series(1, $2::int) g`,
      [prefix, FOOTPRINTS],
    );
    await db.query(
      `INSERT INTO score (footprint_id, round_id, period, provisional, scope, subject, measure, respondents, n, mean, computed_at)
       SELECT f.id, gen_random_uuid(), '2026-Q1', false, 'sector', 'nhs' || g, 'trust', 9, 9, 60 + g % 20, now()
       FROM footprint f, generate_series(1, $2::int) g WHERE f.code LIKE $1 || '%'`,
      [prefix, ROWS_PER_FOOTPRINT],
    );
  }, 120_000);

  afterAll(async () => {
    await app.close();
  });

  const exportQueries = () =>
    db.query<{ count: string }[]>(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'pulse-bi-export'",
    );

  it('stops the query when the client disconnects mid-stream, and keeps serving', async () => {
    const admin = await asAdmin(app);
    const { server, port } = await serveOnLoopback(app);
    try {
      const received = await new Promise<number>((resolve, reject) => {
        const request = get({ port, host: '127.0.0.1', path: `${API}/bi/scores?format=csv`, headers: { Authorization: `Bearer ${admin.accessToken}` } }, (response) => {
          let bytes = 0;
          let leaving = false;
          response.on('data', async (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > 256 * 1024 && !leaving) {
              leaving = true;
              response.pause();
              // The export still holds its backend in PostgreSQL when the client leaves.
              expect(Number((await exportQueries())[0]?.count)).toBeGreaterThan(0);
              request.destroy();
              resolve(bytes);
            }
          });
          response.on('end', () => reject(new Error('the export ended before the client could leave')));
          response.on('error', () => undefined);
        });
        request.on('error', () => undefined);
      });
      expect(received).toBeGreaterThan(256 * 1024);
      let running = 1;
      for (let i = 0; i < 50 && running > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        running = Number((await exportQueries())[0]?.count);
      }
      expect(running).toBe(0);
      // The connection was not leaked: a whole export still runs to its end.
      const whole = await admin.http.get(`${API}/bi/scores?format=ndjson&footprint=${prefix}0001`).expect(200);
      expect(whole.text.trim().split('\n')).toHaveLength(ROWS_PER_FOOTPRINT);
    } finally {
      server.close();
    }
  }, 60_000);

  it('streams every row of the result, in the same order as the pages', async () => {
    const admin = await asAdmin(app);
    const footprints = `${prefix}0001,${prefix}0002`;
    const csv = await admin.http.get(`${API}/bi/scores?format=csv&footprint=${footprints}`).expect(200);
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + 2 * ROWS_PER_FOOTPRINT);
    const page = await admin.http.get(`${API}/bi/scores?footprint=${footprints}&limit=3`).expect(200);
    const records = parse(csv.text, { columns: true, to: 3 }) as { subject: string; footprint_code: string }[];
    expect(page.body.items.map((r: { subject: string; footprint_code: string }) => [r.footprint_code, r.subject])).toEqual(records.map((r) => [r.footprint_code, r.subject]));
  }, 60_000);
});
