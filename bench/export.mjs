#!/usr/bin/env node
/**
 * BI export throughput and footprint-summary latency over HTTP, against the real API process and
 * PostgreSQL (`npm run bench:export`). Not a test: it prints figures.
 *
 * - Seeds a multi-million-row scores table straight with generate_series SQL: 42 footprints of 40
 *   members, 28 final rounds each, every scope a scoring run writes (footprint, dimensions,
 *   organisations, sectors, sector pairs, dyads, network), respondents 0–14 per member so the
 *   anonymity gate withholds many cells and their complements.
 * - Times `COPY (…) TO STDOUT` of the same rows (same columns, same order) as the ceiling, both as
 *   one SELECT of every row and as one COPY per footprint read as the API reads them (the faster
 *   counts), then the API's CSV and NDJSON exports of /bi/scores, reporting rows/s and the API
 *   process's peak RSS (VmHWM), which includes the warm-up and every export. Before the API starts, the worker decides
 *   the gate for every round (queued as each scoring run queues it, and timed), so exports read the
 *   stored decisions; a second CSV export finds them in the API's memory as well.
 * - Runs 100 concurrent clients (wrk, one thread, on this machine) on a lead's
 *   GET /bi/footprints/:id/summary, flat out and then offering BENCH_SUMMARY_RATE requests/s
 *   between them (default 500), and reports p50/p99 latency. BENCH_SUMMARY_ONLY=1 skips the exports.
 *
 * The API runs from the build in dist/ (built first unless BENCH_SKIP_BUILD=1) with
 * NODE_ENV=production, one process per core (BENCH_API_PROCESSES sets another count), on a
 * database of its own. BENCH_FOOTPRINTS, BENCH_MEMBERS and BENCH_ROUNDS
 * change the size; BENCH_DURATION the seconds of the latency run (default 15); BENCH_API_NODE_ARGS
 * are given to the API's node (e.g. --cpu-prof). BENCH_KEEP_DATABASE=1 keeps the seeded database
 * (and its admin's password, in .data/) for the next run with the same sizes, which then skips seeding.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { API_PROCESSES, appEnv, buildApps, dropDatabase, ensureWrk, freePort, freshDatabase, loadTest, log, mb, memoryOf, migrate, root, servicesEnv, startApp, stop } from './support.mjs';

const FOOTPRINTS = Number(process.env.BENCH_FOOTPRINTS ?? 42);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 28);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';
/** BENCH_SUMMARY_ONLY=1 skips the exports and measures the summary alone. */
const SUMMARY_ONLY = process.env.BENCH_SUMMARY_ONLY === '1';
/** The paced summary run: 100 clients offering this many requests a second between them. */
const SUMMARY_RATE = Number(process.env.BENCH_SUMMARY_RATE ?? 500);
const API = '/api/v1';

async function call(base, token, method, path, body, expected) {
  const res = await fetch(`${base}${API}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Every scope a scoring run writes, for every footprint and final round, in set-based SQL. */
function seedSql() {
  const types = ['unitary_authority', 'acute_trust', 'gp_practice', 'voluntary_sector', 'metropolitan_borough'];
  const sectors = ['local_government', 'nhs', 'nhs', 'voluntary', 'local_government'];
  const dims = ['trust', 'shared_purpose', 'involvement', 'communication', 'delivery'];
  const arr = (values) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]`;
  const score = (columns, select) => `INSERT INTO score (footprint_id, round_id, period, provisional, scope, subject, measure, ${columns}, n, mean, sd, ci_lower, ci_upper, band,
      previous_round_id, previous_mean, previous_respondents, delta, p_value, significant, trend, slope, slope_min_respondents, computed_at) ${select}`;
  const stats = (n) => `${n}, ${n}, 50 + (hashtext(x.k) & 31), 12.5, 45, 75, 'moderate', x.previous, 60, ${n}, 1.5, 0.2, false, 'stable', 0.4, ${n}, now()`;
  return [
    `INSERT INTO footprint (id, code, name, kind, nation, region_name) SELECT gen_random_uuid(), 'E54' || lpad(f::text, 6, '0'), 'Footprint ' || f, 'ICS', 'england', 'North West' FROM generate_series(1, ${FOOTPRINTS}) f`,
    `INSERT INTO organisation (id, code, code_system, name, type)
       SELECT md5('org' || f || '-' || m)::uuid, 'B' || lpad((f * 1000 + m)::text, 7, '0'), 'ods', 'Member ' || m || ' of footprint ' || f || ', "bench"',
         (${arr(types)})[m % 5 + 1]::organisation_type FROM generate_series(1, ${FOOTPRINTS}) f, generate_series(1, ${MEMBERS}) m`,
    `CREATE UNLOGGED TABLE bench_member AS SELECT f, m, md5('org' || f || '-' || m)::uuid AS id, (${arr(sectors)})[m % 5 + 1] AS sector FROM generate_series(1, ${FOOTPRINTS}) f, generate_series(1, ${MEMBERS}) m`,
    `CREATE UNLOGGED TABLE bench_round AS SELECT f, q, (SELECT id FROM footprint WHERE code = 'E54' || lpad(f::text, 6, '0')) AS footprint_id, md5('round' || f || '-' || q)::uuid AS id,
       CASE WHEN q > 0 THEN md5('round' || f || '-' || (q - 1))::uuid END AS previous, (2019 + q / 4) || '-Q' || (q % 4 + 1) AS period
       FROM generate_series(1, ${FOOTPRINTS}) f, generate_series(0, ${ROUNDS - 1}) q`,
    `INSERT INTO round (id, footprint_id, instrument_id, period, opens_at, closes_at, status, scored_at)
       SELECT r.id, r.footprint_id, (SELECT id FROM instrument WHERE is_default), r.period, now() - interval '30 days', now() - interval '1 day', 'scored', now() FROM bench_round r`,
    `INSERT INTO round_scoring (round_id, footprint_id, period, provisional, respondents, previous_round_id, computed_at, duration_ms)
       SELECT id, footprint_id, period, false, 0, previous, now(), 1 FROM bench_round`,
    // Respondents per member and round: 0–14, so about a third are below k = 5.
    `CREATE UNLOGGED TABLE bench_respondents AS SELECT r.id AS round_id, m.id AS organisation_id, m.sector, (hashtext(r.id::text || m.id::text) & 15) % 15 AS n
       FROM bench_round r JOIN bench_member m ON m.f = r.f`,
    score('organisation_id, respondents', `SELECT r.footprint_id, r.id, r.period, false, 'organisation', x.k, d, p.organisation_id, ${stats('p.n')}
       FROM bench_round r JOIN bench_respondents p ON p.round_id = r.id CROSS JOIN unnest(ARRAY['rhi', ${dims.map((d) => `'${d}'`).join(', ')}]) d
       CROSS JOIN LATERAL (SELECT p.organisation_id::text AS k, r.previous) x`),
    score('sector, respondents', `SELECT r.footprint_id, r.id, r.period, false, 'sector', x.k, d, x.k, ${stats('x.n')}
       FROM bench_round r CROSS JOIN unnest(ARRAY['rhi', ${dims.map((d) => `'${d}'`).join(', ')}]) d
       CROSS JOIN LATERAL (SELECT p.sector AS k, sum(p.n)::int AS n, r.previous FROM bench_respondents p WHERE p.round_id = r.id GROUP BY p.sector) x`),
    score('respondents', `SELECT r.footprint_id, r.id, r.period, false, CASE WHEN d = 'rhi' THEN 'footprint' ELSE 'dimension' END, 'footprint', d, ${stats('x.n')}
       FROM bench_round r CROSS JOIN unnest(ARRAY['rhi', ${dims.map((d) => `'${d}'`).join(', ')}]) d
       CROSS JOIN LATERAL (SELECT 'footprint' AS k, sum(p.n)::int AS n, r.previous FROM bench_respondents p WHERE p.round_id = r.id) x`),
    score('organisation_id, partner_organisation_id, respondents', `SELECT r.footprint_id, r.id, r.period, false, 'dyad', x.k, 'partner_rating', a.organisation_id, b.organisation_id, ${stats('a.n')}
       FROM bench_round r JOIN bench_respondents a ON a.round_id = r.id JOIN bench_respondents b ON b.round_id = r.id AND b.organisation_id <> a.organisation_id
       CROSS JOIN LATERAL (SELECT a.organisation_id || '>' || b.organisation_id AS k, r.previous) x`),
    score('sector, partner_sector, respondents', `SELECT r.footprint_id, r.id, r.period, false, 'sector_pair', x.k, 'partner_rating', x.s, x.t, ${stats('x.n')}
       FROM bench_round r CROSS JOIN LATERAL (SELECT a.sector AS s, b.sector AS t, a.sector || '>' || b.sector AS k, sum(a.n)::int AS n, r.previous
         FROM bench_respondents a JOIN bench_respondents b ON b.round_id = a.round_id AND b.organisation_id <> a.organisation_id WHERE a.round_id = r.id GROUP BY a.sector, b.sector) x`),
    score('organisation_id, respondents', `SELECT r.footprint_id, r.id, r.period, false, 'network', x.k, m, p.organisation_id, ${stats(`CASE WHEN m = 'trust_given' THEN p.n ELSE x.received END`)}
       FROM bench_round r JOIN bench_respondents p ON p.round_id = r.id CROSS JOIN unnest(ARRAY['trust_received', 'trust_given']) m
       CROSS JOIN LATERAL (SELECT p.organisation_id::text AS k, (SELECT sum(o.n)::int FROM bench_respondents o WHERE o.round_id = r.id AND o.organisation_id <> p.organisation_id) AS received, r.previous) x`),
    score('respondents', `SELECT r.footprint_id, r.id, r.period, false, 'network', 'footprint', m, ${stats('x.n')}
       FROM bench_round r CROSS JOIN unnest(ARRAY['density', 'strong_tie_share', 'reciprocity', 'mean_asymmetry']) m
       CROSS JOIN LATERAL (SELECT 'footprint' AS k, sum(p.n)::int AS n, r.previous FROM bench_respondents p WHERE p.round_id = r.id) x`),
    'DROP TABLE bench_member, bench_round, bench_respondents',
    'VACUUM ANALYZE score',
  ];
}

/**
 * The API's scores export SELECT, from its compiled read model: the same columns, joins and order,
 * over every footprint, or over the one the API's export names in the setting pp_bi.p1.
 */
function scoresSelect(oneFootprint = false) {
  const require = createRequire(import.meta.url);
  const { SCORES } = require(resolve(root, 'dist/libs/reporting/src/read-models/score.read-models.js'));
  const { selectList } = require(resolve(root, 'dist/libs/reporting/src/read-models/columns.js'));
  const gate = SCORES.gateColumns.map((sql, i) => `(${sql})::text AS "_gate${i}"`).join(', ');
  const order = SCORES.sorts[SCORES.defaultSort].keys.map((key) => key.sql).join(', ');
  const where = oneFootprint ? `s.provisional = false AND ${SCORES.footprintColumn} = current_setting('pp_bi.p1')::uuid` : 's.provisional = false';
  return `SELECT ${selectList(SCORES.columns)}, ${gate} FROM ${SCORES.from} WHERE ${where} ORDER BY ${oneFootprint ? '' : 'f.code, '}${order}`;
}

/** Line ends in a chunk, found with indexOf (memchr) so counting costs the shared CPUs next to nothing. */
function countLines(chunk) {
  let lines = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  return lines;
}

/** Streams a response body, counting its rows (lines) and bytes. */
async function download(url, headers) {
  const started = process.hrtime.bigint();
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    lines += countLines(chunk);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, lines, bytes };
}

/** Streams `COPY (select) TO STDOUT` as CSV on `client`, counting its lines. */
async function copyLines(client, select, header) {
  let lines = 0;
  await pipeline(
    client.query(copyStreams.to(`COPY (${select}) TO STDOUT WITH (FORMAT csv${header ? ', HEADER' : ''})`)),
    new Writable({
      write(chunk, _encoding, done) {
        lines += countLines(chunk);
        done();
      },
    }),
  );
  return lines;
}

/** The whole SELECT in one COPY: PostgreSQL sorts every row, in parallel. Returns its data rows. */
async function copyWhole(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = process.hrtime.bigint();
  const lines = await copyLines(client, scoresSelect(), true);
  await client.end();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, rows: lines - 1 };
}

/**
 * One COPY per footprint in code order, in one transaction with the export's planner setting, as
 * the API reads them: each footprint's rows come in order from an index, nothing is sorted.
 */
async function copyByFootprint(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = process.hrtime.bigint();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query('SET LOCAL random_page_cost = 1.1');
  let rows = 0;
  for (const { id } of (await client.query('SELECT id FROM footprint ORDER BY code')).rows) {
    await client.query("SELECT set_config('pp_bi.p1', $1, true)", [id]);
    rows += await copyLines(client, scoresSelect(true), false);
  }
  await client.query('COMMIT');
  await client.end();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, rows };
}

const latencyLine = (run) => `p50 ${run.p50.toFixed(1)} ms  p99 ${run.p99.toFixed(1)} ms  ${Math.round(run.requestsPerSecond)} req/s`;
const rate = (rows, seconds) => `${Math.round(rows / seconds).toLocaleString('en-GB')} rows/s`;

/**
 * The export runs: COPY as the ceiling (the faster of the whole SELECT at once and one COPY per
 * footprint), then the API's CSV, NDJSON and CSV again; returns the report's lines.
 */
async function exports(base, adminToken, benchUrl, redisUrl, rows, pid, startRss) {
  // Loading the compiled read model loads the settings it sits beside, which must validate.
  Object.assign(process.env, { DATABASE_URL: benchUrl, REDIS_URL: redisUrl });
  log('warming up: one footprint exported, not reported');
  await download(`${base}${API}/bi/scores?format=csv&footprint=E54000001`, { authorization: `Bearer ${adminToken}` });
  log('COPY … TO STDOUT of the same rows (the ceiling): the whole SELECT, then one COPY per footprint');
  const whole = await copyWhole(benchUrl);
  const byFootprint = await copyByFootprint(benchUrl);
  const ceiling = Math.min(whole.seconds, byFootprint.seconds);
  log('API export as CSV');
  const csv = await download(`${base}${API}/bi/scores?format=csv`, { authorization: `Bearer ${adminToken}` });
  log('API export as NDJSON');
  const ndjson = await download(`${base}${API}/bi/scores?format=ndjson`, { authorization: `Bearer ${adminToken}` });
  // The first export of each API process reads the stored decisions; later ones find them in its memory.
  log('API export as CSV again, the gate decisions in memory');
  const csvAgain = await download(`${base}${API}/bi/scores?format=csv`, { authorization: `Bearer ${adminToken}` });
  const exportRss = memoryOf(pid);
  const exported = rows; // data rows; each download also has a header line (CSV) or none (NDJSON)
  const share = (seconds) => `${((ceiling / seconds) * 100).toFixed(0)}% of COPY`;
  return [
    `scores rows exported            ${rows.toLocaleString('en-GB')} (COPY ${whole.rows} and ${byFootprint.rows}, CSV lines ${csv.lines - 1}, NDJSON lines ${ndjson.lines})`,
    `COPY (…) TO STDOUT, CSV, whole   ${whole.seconds.toFixed(1)} s  ${rate(whole.rows, whole.seconds)}  (one SELECT of every row, sorted)`,
    `  … one COPY per footprint       ${byFootprint.seconds.toFixed(1)} s  ${rate(byFootprint.rows, byFootprint.seconds)}  (as the API reads them; the faster of the two is the ceiling)`,
    `API export, CSV                  ${csv.seconds.toFixed(1)} s  ${rate(exported, csv.seconds)}  (${share(csv.seconds)}, ${mb(csv.bytes)})`,
    `API export, CSV again           ${csvAgain.seconds.toFixed(1)} s  ${rate(exported, csvAgain.seconds)}  (${share(csvAgain.seconds)}; the gate's decisions in memory)`,
    `API export, NDJSON               ${ndjson.seconds.toFixed(1)} s  ${rate(exported, ndjson.seconds)}  (${share(ndjson.seconds)}, ${mb(ndjson.bytes)})`,
    `API peak RSS (VmHWM) after exports ${(exportRss.largest / 2 ** 20).toFixed(1)} MB in the largest of ${exportRss.processes} processes, ${mb(exportRss.peak)} summed  (target < 200 MB; ${mb(startRss.largest)} and ${mb(startRss.peak)} when ready, before any request)`,
  ];
}

/**
 * Queues 'round.gate' for every scored round, as each scoring run does, and runs the worker until it
 * has stored the gate's decisions for all of them. Returns how many rounds and how long it took.
 */
async function decideGate(benchUrl, env) {
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  const started = process.hrtime.bigint();
  const workerPort = await freePort();
  const worker = await startApp('worker', { ...env, WORKER_PORT: String(workerPort), SCHEDULE_TICK_MS: '0' }, workerPort, 'bench-export-worker.log');
  try {
    await db.query(
      `INSERT INTO outbox (job_name, payload, job_id)
       SELECT 'round.gate', jsonb_build_object('roundId', rs.round_id), 'round.gate-' || rs.round_id || '-' || (extract(epoch FROM rs.computed_at) * 1000)::bigint
       FROM round_scoring rs ON CONFLICT (job_id) DO NOTHING`,
    );
    const count = `SELECT count(*)::int AS rounds, count(d.round_id)::int AS decided FROM round_scoring rs
      LEFT JOIN score_gate_decision d ON d.round_id = rs.round_id AND d.computed_at = rs.computed_at`;
    for (;;) {
      const { rounds, decided } = (await db.query(count)).rows[0];
      if (decided === rounds) return { rounds, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await stop(worker);
    await db.end();
  }
}

async function main() {
  ensureWrk();
  const { databaseUrl, redisUrl } = servicesEnv();
  const sizes = `${FOOTPRINTS}x${MEMBERS}x${ROUNDS}`;
  const dbName = KEEP_DATABASE ? `pulse_bench_export_${sizes}` : `pulse_bench_export_${process.pid}`;
  const keptFile = resolve(root, '.data', `${dbName}.json`);
  const kept = KEEP_DATABASE && existsSync(keptFile) ? JSON.parse(readFileSync(keptFile, 'utf8')) : undefined;
  const benchUrl = kept ? kept.url : await freshDatabase(databaseUrl, dbName);
  buildApps();
  const admin = kept?.admin ?? { email: 'bench-admin@pulse.test', password: randomBytes(18).toString('base64url') };
  const env = appEnv({ databaseUrl: benchUrl, redisUrl, queuePrefix: 'pulse-bench-export', admin }, {
    LOG_LEVEL: 'warn',
    PORT: String(await freePort()),
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  });
  migrate(env);
  const seeder = new pg.Client({ connectionString: benchUrl });
  await seeder.connect();
  if (kept) log(`reusing the seeded database ${dbName} (BENCH_KEEP_DATABASE=1)`);
  else {
    log(`seeding ${FOOTPRINTS} footprints × ${MEMBERS} members × ${ROUNDS} rounds of scores`);
    for (const statement of seedSql()) await seeder.query(statement);
  }
  const rows = Number((await seeder.query('SELECT count(*) FROM score')).rows[0].count);
  await seeder.end();
  log(`${rows.toLocaleString('en-GB')} score rows`);

  log('the worker decides the gate for every round, as it does after each scoring run');
  const gate = await decideGate(benchUrl, env);

  const child = await startApp('api', env, env.PORT, 'bench-export-api.log');
  const base = `http://127.0.0.1:${env.PORT}`;
  const startRss = memoryOf(child.pid);
  try {
    const adminToken = (await call(base, undefined, 'POST', '/auth/login', admin, 200)).accessToken;
    const footprintId = (await call(base, adminToken, 'GET', '/bi/footprints?footprint=E54000001', undefined, 200)).items[0].footprint_id;
    const email = `bench-lead-${randomBytes(4).toString('hex')}@pulse.test`;
    const password = randomBytes(18).toString('base64url');
    const invited = await call(base, adminToken, 'POST', '/users/invitations', { email, displayName: 'Benchmark lead', grants: [{ role: 'footprint_lead', footprintId }] }, 201);
    await call(base, undefined, 'POST', '/auth/invitations/accept', { token: invited.invitationToken, password }, 204);
    const leadToken = (await call(base, undefined, 'POST', '/auth/login', { email, password }, 200)).accessToken;

    const lines = [`gate decided by the worker       ${gate.rounds.toLocaleString('en-GB')} rounds in ${gate.seconds.toFixed(1)} s (queued as scoring queues them, before the API starts)`];
    if (!SUMMARY_ONLY) lines.push(...(await exports(base, adminToken, benchUrl, redisUrl, rows, child.pid, startRss)));

    log(`footprint summary: 100 concurrent clients for ${DURATION} s (after a 3 s warm-up), flat out and at ${SUMMARY_RATE.toLocaleString('en-GB')} requests/s`);
    const summary = { base, requests: [['GET', `${API}/bi/footprints/${footprintId}/summary`, 'Authorization', `Bearer ${leadToken}`, '']], connections: 100 };
    await loadTest({ ...summary, duration: 3 });
    const latency = await loadTest({ ...summary, duration: DURATION });
    const paced = await loadTest({ ...summary, duration: DURATION, rate: SUMMARY_RATE });
    // The same load on the cheapest route (no credentials, no database): the floor of the HTTP stack on this machine.
    const floor = await loadTest({ base, requests: [['GET', '/health', '', '', '']], connections: 100, duration: 5 });
    lines.push(
      `footprint summary, 100 clients   ${latencyLine(latency)}  non-2xx ${latency.non2xx}  errors ${latency.errors}  (flat out; target p99 < 50 ms)`,
      `  … offered ${SUMMARY_RATE.toLocaleString('en-GB')} req/s        ${latencyLine(paced)}  non-2xx ${paced.non2xx}  errors ${paced.errors}  (each client every ${(100_000 / SUMMARY_RATE).toFixed(0)} ms)`,
      `GET /health, 100 clients         ${latencyLine(floor)}  (flat out, on a route with no credentials and no database)`,
      `API processes                    ${API_PROCESSES} (API_PROCESSES), on ${availableParallelism()} cores`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stop(child);
    if (KEEP_DATABASE) writeFileSync(keptFile, JSON.stringify({ url: benchUrl, admin }));
    else await dropDatabase(databaseUrl, dbName).catch(() => undefined);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
