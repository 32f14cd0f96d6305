#!/usr/bin/env node
/**
 * How long a full score of a large round takes, and how much memory the worker needs for it
 * (`npm run bench:scoring`). Not a test: it prints figures.
 *
 * 1. Seeds one closed round straight into a database of its own with set-based SQL
 *    (generate_series): by default 42 footprints' worth of answers in one round, i.e. 1,260 member
 *    organisations in clusters of 30, 250,000 responses to Relationship Health Pulse v1 and 10
 *    partner ratings each (2.5 million rows). Answers are synthetic and deterministic.
 * 2. Times the bare SQL aggregates over the same rows (dimension means by organisation, dyad means):
 *    the ceiling no scoring can beat.
 * 3. Starts the real worker process, queues 'round.score' through the outbox as closing a round
 *    does, waits for the round to be scored, and reads the worker's peak RSS (VmHWM) from /proc.
 *
 * Flags: --responses N (250000), --organisations N (1260, a multiple of 30), --partners N (10, at
 * most 29). The worker runs from the build in dist/ (built first unless BENCH_SKIP_BUILD=1), or from
 * the TypeScript sources with BENCH_FROM_SOURCE=1 (ts-node adds the compiler to its memory).
 * Targets: scoring under 10 s, worker peak RSS under 300 MB.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApps, freePort, freshDatabase, log, mb, memoryOf, migrate, servicesEnv, startApp, stop } from './support.mjs';

const CLUSTER = 30;
const DATABASE = 'pulse_bench_scoring';

const { values: flags } = parseArgs({
  options: { responses: { type: 'string', default: '250000' }, organisations: { type: 'string', default: '1260' }, partners: { type: 'string', default: '10' } },
});
const RESPONSES = Number(flags.responses);
const ORGANISATIONS = Number(flags.organisations);
const PARTNERS = Number(flags.partners);
if (!(RESPONSES > 0) || !(ORGANISATIONS >= CLUSTER) || ORGANISATIONS % CLUSTER !== 0 || !(PARTNERS >= 0 && PARTNERS < CLUSTER)) {
  throw new Error(`--responses must be positive, --organisations a multiple of ${CLUSTER}, --partners 0 to ${CLUSTER - 1}`);
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function timed(work) {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** A deterministic uniform number in [0, 1) from integer expressions (SQL). */
const uniform = (...parts) => `((hashint8((${parts.join(') * 7919 + (')})::bigint) & 2147483647)::float8 / 2147483648)`;
const organisationId = (index) => `('00000000-0000-4000-8000-' || lpad(to_hex(${index}), 12, '0'))::uuid`;
/** A choice leaning with `bias` (−0.25 … 0.25), 5% "don't know" where allowed. */
const choice = (u, dontKnow, m, bias, allowDontKnow) =>
  `CASE WHEN ${allowDontKnow} AND ${dontKnow} < 0.05 THEN -1 ELSE least(${m} - 1, greatest(0, floor((0.15 + 0.7 * ${u} + ${bias}) * ${m})))::int END`;

async function seed(db, ids) {
  const { rows } = await db.query('SELECT id FROM instrument WHERE is_default');
  const instrumentId = rows[0].id;
  await db.query(`INSERT INTO footprint (id, code, name, kind, nation, region_name) VALUES ($1, 'E54999999', 'Benchmark footprint (synthetic)', 'ICS', 'england', 'Benchmark')`, [
    ids.footprint,
  ]);
  await db.query(
    `INSERT INTO organisation (id, code, code_system, name, type)
     SELECT ${organisationId('j')}, 'B' || lpad(j::text, 8, '0'), 'ods', 'Benchmark organisation ' || j,
       (ARRAY['unitary_authority', 'county_council', 'district_council', 'icb', 'acute_trust', 'community_trust', 'mental_health_trust', 'gp_practice', 'pcn', 'voluntary_sector'])[1 + j % 10]::organisation_type
     FROM generate_series(0, $1 - 1) j`,
    [ORGANISATIONS],
  );
  await db.query(
    `INSERT INTO round (id, footprint_id, instrument_id, period, opens_at, closes_at, status, opened_at, closed_at)
     VALUES ($1, $2, $3, '2026-Q3', now() - interval '30 days', now() - interval '1 day', 'closed', now() - interval '30 days', now() - interval '1 day')`,
    [ids.round, ids.footprint, instrumentId],
  );
  await db.query(
    `INSERT INTO invitation (footprint_id, round_id, organisation_id, expected_respondents, invited_at)
     SELECT $1, $2, ${organisationId('j')}, 5, now() - interval '30 days' FROM generate_series(0, $3 - 1) j`,
    [ids.footprint, ids.round, ORGANISATIONS],
  );
  // Respondent i belongs to organisation i mod M; each organisation leans its own way.
  await db.query(
    `WITH q AS (
       SELECT q.slot, jsonb_array_length(q.options) AS m, q.reversed, q.allow_dont_know,
         (SELECT d.ord::int FROM jsonb_array_elements(i.dimensions) WITH ORDINALITY AS d(dimension, ord) WHERE d.dimension->>'key' = q.dimension) AS dimension
       FROM question q JOIN instrument i ON i.id = q.instrument_id
       WHERE q.instrument_id = $4 AND q.type IN ('scale', 'yes_no', 'single_choice')
     )
     INSERT INTO response (id, footprint_id, round_id, organisation_id, respondent_key, source, respondent_role, choices, item_scores, dimension_scores, submitted_at)
     SELECT gen_random_uuid(), $1, $2, ${organisationId('i % $5')}, 'i:' || i, 'import',
       (ARRAY['chief_executive', 'finance', 'adult_social_care', 'public_health', 'clinical_gp', 'commissioning', 'other'])[1 + (i / $5) % 7],
       a.choices, a.item_scores, d.dimension_scores, now() - interval '2 days'
     FROM generate_series(0, $3 - 1) i
     CROSS JOIN LATERAL (
       SELECT array_agg(c.choice ORDER BY q.slot)::smallint[] AS choices, array_agg(c.score ORDER BY q.slot)::float8[] AS item_scores,
         array_agg(q.dimension ORDER BY q.slot) AS dimensions
       FROM q CROSS JOIN LATERAL (
         SELECT x.choice, CASE WHEN x.choice >= 0 AND q.dimension IS NOT NULL
           THEN 100.0 * (CASE WHEN q.reversed THEN q.m - 1 - x.choice ELSE x.choice END) / (q.m - 1) END AS score
         FROM (SELECT ${choice(uniform('i', 'q.slot'), uniform('i', 'q.slot', 1), 'q.m', `(${uniform('i % $5', 17)} - 0.5) * 0.5`, 'q.allow_dont_know')} AS choice) x
       ) c
     ) a
     CROSS JOIN LATERAL (
       SELECT array_agg(s.mean ORDER BY s.dimension)::float8[] AS dimension_scores
       FROM (SELECT t.dimension, avg(t.score) AS mean FROM unnest(a.dimensions, a.item_scores) AS t(dimension, score)
             WHERE t.dimension IS NOT NULL GROUP BY t.dimension) s
     ) d`,
    [ids.footprint, ids.round, RESPONSES, instrumentId, ORGANISATIONS],
  );
  if (PARTNERS === 0) return;
  // Each respondent rates PARTNERS fellow members of its cluster of 30, rotating through them.
  await db.query(
    `WITH q AS (
       SELECT q.slot, jsonb_array_length(q.options) AS m, q.reversed, q.allow_dont_know
       FROM question q WHERE q.instrument_id = $4 AND q.type = 'partner_rating'
     ),
     r AS (
       SELECT id, substr(respondent_key, 3)::int AS i FROM response WHERE round_id = $2
     ),
     pairs AS (
       SELECT r.id AS response_id, r.i, (r.i % $5) / ${CLUSTER} * ${CLUSTER} + ((r.i % $5) % ${CLUSTER} + 1 + ((r.i / $5) * 3 + k) % ${CLUSTER - 1}) % ${CLUSTER} AS partner
       FROM r CROSS JOIN generate_series(0, $3 - 1) k
     )
     INSERT INTO response_partner_rating (response_id, partner_organisation_id, footprint_id, round_id, organisation_id, choices, item_scores, score)
     SELECT p.response_id, ${organisationId('p.partner')}, $1, $2, ${organisationId('p.i % $5')}, a.choices, a.item_scores,
       (SELECT avg(s) FROM unnest(a.item_scores) s)
     FROM pairs p
     CROSS JOIN LATERAL (
       SELECT array_agg(c.choice ORDER BY q.slot)::smallint[] AS choices, array_agg(c.score ORDER BY q.slot)::float8[] AS item_scores
       FROM q CROSS JOIN LATERAL (
         SELECT x.choice, CASE WHEN x.choice >= 0 THEN 100.0 * (CASE WHEN q.reversed THEN q.m - 1 - x.choice ELSE x.choice END) / (q.m - 1) END AS score
         FROM (SELECT ${choice(uniform('p.i', 'p.partner', 'q.slot'), uniform('p.i', 'p.partner', 'q.slot', 1), 'q.m', `(${uniform('p.i % $5', 'p.partner', 29)} - 0.5) * 0.5`, 'q.allow_dont_know')} AS choice) x
       ) c
     ) a`,
    [ids.footprint, ids.round, PARTNERS, instrumentId, ORGANISATIONS],
  );
}

/** The ceiling: one bare aggregate pass over each table, as an analyst would type it. */
async function bareAggregates(db, roundId) {
  const respondents = await timed(() =>
    db.query(
      `SELECT organisation_id, count(*), avg(dimension_scores[1]), stddev_samp(dimension_scores[1]), avg(dimension_scores[2]), stddev_samp(dimension_scores[2]),
         avg(dimension_scores[3]), stddev_samp(dimension_scores[3]), avg(dimension_scores[4]), stddev_samp(dimension_scores[4]),
         avg(dimension_scores[5]), stddev_samp(dimension_scores[5])
       FROM response WHERE round_id = $1 GROUP BY organisation_id`,
      [roundId],
    ),
  );
  const dyads = await timed(() =>
    db.query(
      `SELECT organisation_id, partner_organisation_id, count(*), avg(score), stddev_samp(score)
       FROM response_partner_rating WHERE round_id = $1 GROUP BY organisation_id, partner_organisation_id`,
      [roundId],
    ),
  );
  return { respondentsMs: respondents.ms, dyadsMs: dyads.ms, organisations: respondents.result.rowCount, dyads: dyads.result.rowCount };
}

async function main() {
  const { databaseUrl: serverUrl, redisUrl } = servicesEnv();
  buildApps();
  const databaseUrl = await freshDatabase(serverUrl, DATABASE);
  const env = {
    PATH: process.env.PATH ?? '',
    TS_NODE_PROJECT: 'tsconfig.json',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench-scoring-${process.pid}`,
    JWT_SECRET: randomUUID() + randomUUID(),
  };
  migrate(env);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const ids = { footprint: randomUUID(), round: randomUUID() };
  log(`seeding ${RESPONSES.toLocaleString('en-GB')} responses from ${ORGANISATIONS.toLocaleString('en-GB')} organisations, ${PARTNERS} partner ratings each`);
  const seeded = await timed(() => seed(db, ids));
  await db.query('VACUUM ANALYZE response');
  await db.query('VACUUM ANALYZE response_partner_rating');
  const [{ ratings }] = (await db.query('SELECT count(*)::int AS ratings FROM response_partner_rating WHERE round_id = $1', [ids.round])).rows;
  log(`seeded in ${seconds(seeded.ms)}: ${ratings.toLocaleString('en-GB')} partner ratings`);

  // Warm the cache the same way for both measurements: the first pass reads from disk.
  await bareAggregates(db, ids.round);
  const ceiling = await bareAggregates(db, ids.round);

  const workerPort = await freePort();
  const worker = await startApp('worker', { ...env, WORKER_PORT: String(workerPort) }, workerPort, 'bench-scoring-worker.log');
  try {
    const idle = memoryOf(worker.pid);
    const queued = performance.now();
    await db.query(`INSERT INTO outbox (job_name, payload, job_id) VALUES ('round.score', $1, $2)`, [JSON.stringify({ roundId: ids.round }), `round.score-${ids.round}`]);
    let status = 'closed';
    while (status !== 'scored') {
      if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}; see .data/bench-scoring-worker.log`);
      if (performance.now() - queued > 600_000) throw new Error('the round was not scored within 10 minutes; see .data/bench-scoring-worker.log');
      await new Promise((r) => setTimeout(r, 50));
      status = (await db.query('SELECT status FROM round WHERE id = $1', [ids.round])).rows[0].status;
    }
    const wall = performance.now() - queued;
    const memory = memoryOf(worker.pid);
    const [run] = (await db.query('SELECT duration_ms, respondents FROM round_scoring WHERE round_id = $1', [ids.round])).rows;
    const [{ scores }] = (await db.query('SELECT count(*)::int AS scores FROM score WHERE round_id = $1', [ids.round])).rows;
    const [{ distributions }] = (await db.query('SELECT count(*)::int AS distributions FROM question_distribution WHERE round_id = $1', [ids.round])).rows;

    const lines = [
      `round: ${run.respondents.toLocaleString('en-GB')} responses, ${ratings.toLocaleString('en-GB')} partner ratings, ${ORGANISATIONS} organisations, ${ceiling.dyads.toLocaleString('en-GB')} dyads`,
      `full score (in the worker, read to write): ${seconds(run.duration_ms)}   target < 10 s`,
      `queued to scored (outbox relay, BullMQ, scoring, commit): ${seconds(wall)}`,
      `rows written: ${scores.toLocaleString('en-GB')} scores, ${distributions.toLocaleString('en-GB')} question distributions`,
      `worker peak RSS (VmHWM): ${mb(memory.peak)} (idle after start-up: ${mb(idle.rss)})   target < 300 MB`,
      `ceiling, bare SQL aggregates over the same rows: ${seconds(ceiling.respondentsMs + ceiling.dyadsMs)} (responses by organisation ${seconds(ceiling.respondentsMs)}, ratings by dyad ${seconds(ceiling.dyadsMs)})`,
      `worker from ${process.env.BENCH_FROM_SOURCE ? 'TypeScript sources (ts-node)' : 'dist/'}; seeding took ${seconds(seeded.ms)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stop(worker);
    await db.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
