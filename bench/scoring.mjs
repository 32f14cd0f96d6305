#!/usr/bin/env node
/**
 * How long a full score of a large round takes, and how much memory the worker needs for it
 * (`npm run bench:scoring`). Not a test: it prints figures.
 *
 * 1. Seeds one closed round straight into a database of its own with set-based SQL
 *    (generate_series): by default 42 footprints' worth of answers in one round, i.e. 1,260 member
 *    organisations in clusters of 30, 250,000 responses to Relationship Health Pulse v1 and 10
 *    partner ratings each (2.5 million rows). Answers are synthetic and deterministic.
 * 2. Times the ceiling no scoring can beat: the bare SQL aggregates of every scope the scoring
 *    writes, one statement each, in turn on one connection (after a pass that warms the cache).
 * 3. Starts the real worker process, queues 'round.score' through the outbox as closing a round
 *    does, waits for the round to be scored and for the gate's decision ('round.gate'), and reads
 *    the worker's peak RSS (VmHWM) from /proc. Checks every stored figure against the ceiling's,
 *    and against an earlier build's (BENCH_FIGURES=<file>: written on the first run, compared after).
 *
 * Flags: --responses N (250000), --organisations N (1260, a multiple of 30), --partners N (10, at
 * most 29). The worker runs from the build in dist/ (built first unless BENCH_SKIP_BUILD=1), or from
 * the TypeScript sources with BENCH_FROM_SOURCE=1 (ts-node adds the compiler to its memory).
 * BENCH_KEEP_DATABASE=1 keeps the seeded round for the next run of the same sizes;
 * BENCH_CEILING_ONLY=1 stops after the ceiling. Runs on the durable cluster of scripts/services.sh.
 * Targets: the full score within 2x the ceiling, worker peak RSS under 200 MB.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { appEnv, buildApps, dropDatabase, freePort, freshDatabase, log, mb, memoryOf, migrate, root, servicesEnv, startApp, stop } from './support.mjs';

const CLUSTER = 30;
const DATABASE = 'pulse_bench_scoring';
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';

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

/** sectorOf() of @pp/registry, restated so the ceiling owes nothing to the code it bounds. */
const SECTOR_OF_TYPE = {
  county_council: 'local_government',
  unitary_authority: 'local_government',
  metropolitan_borough: 'local_government',
  london_borough: 'local_government',
  district_council: 'local_government',
  ccg: 'nhs',
  icb: 'nhs',
  acute_trust: 'nhs',
  community_trust: 'nhs',
  mental_health_trust: 'nhs',
  ambulance_trust: 'nhs',
  gp_practice: 'nhs',
  pcn: 'nhs',
  voluntary_sector: 'voluntary',
  housing: 'other',
  other: 'other',
};
const sectorSql = (type) => `(CASE ${type}::text ${Object.entries(SECTOR_OF_TYPE).map(([t, s]) => `WHEN '${t}' THEN '${s}'`).join(' ')} END)`;

/** What the ceiling needs to know of the instrument: dimension weights, counted questions. */
async function instrumentOf(db, roundId) {
  const [{ dimensions, instrument_id: instrumentId }] = (
    await db.query('SELECT i.dimensions, r.instrument_id FROM round r JOIN instrument i ON i.id = r.instrument_id WHERE r.id = $1', [roundId])
  ).rows;
  const questions = (
    await db.query(
      `SELECT key, type, slot, jsonb_array_length(options)::int AS m, required FROM question WHERE instrument_id = $1 AND type <> 'free_text' ORDER BY position`,
      [instrumentId],
    )
  ).rows;
  return {
    dimensions: dimensions.map((d) => ({ key: d.key, weight: Number(d.weight ?? 1) })),
    respondentQuestions: questions.filter((q) => q.type !== 'partner_rating'),
    partnerQuestions: questions.filter((q) => q.type === 'partner_rating'),
  };
}

/** n, mean and sd of the RHI and of each dimension, over `r.dimension_scores`. */
function respondentSummaries(dimensions) {
  const d = (i) => `r.dimension_scores[${i + 1}]`;
  // The RHI: the weighted mean of a respondent's scored dimensions, weights renormalised over them.
  const rhi = `(${dimensions.map((dim, i) => `coalesce(${dim.weight}::float8 * ${d(i)}, 0)`).join(' + ')}) / nullif(${dimensions
    .map((dim, i) => `CASE WHEN ${d(i)} IS NOT NULL THEN ${dim.weight}::float8 ELSE 0 END`)
    .join(' + ')}, 0)`;
  return [
    `count(*)::int AS responses, count(${rhi})::int AS rhi_n, avg(${rhi}) AS rhi_mean, stddev_samp(${rhi}) AS rhi_sd`,
    ...dimensions.map((_, i) => `count(${d(i)})::int AS d${i}_n, avg(${d(i)}) AS d${i}_mean, stddev_samp(${d(i)}) AS d${i}_sd`),
  ].join(', ');
}

/** Per question: ARRAY[count of option 0 … m − 1, count of "don't know"] of its column c<i> (choiceColumns). */
const optionCounts = (questions) =>
  questions.map((q, i) => `ARRAY[${[...Array.from({ length: q.m }, (_, o) => o), -1].map((o) => `count(*) FILTER (WHERE c${i} = ${o})`).join(', ')}]::int[] AS q${i}`).join(', ');
/** Each question's choice as a column, subscripted once per row (OFFSET 0 keeps it from being pulled up into every FILTER). */
const choiceColumns = (choices, questions) => questions.map((q, i) => `${choices}[${q.slot + 1}] AS c${i}`).join(', ');

const BREAKDOWN_SETS = `GROUPING SETS ((), (${sectorSql('o.type')}), (o.type), (x.respondent_role))`;
const breakdownColumns = `GROUPING(${sectorSql('o.type')}, o.type, x.respondent_role)::int AS grouping, ${sectorSql('o.type')} AS sector, o.type::text AS type, x.respondent_role AS role`;

/**
 * The ceiling: each scope the scoring writes, aggregated by one bare SQL statement over the round's
 * rows, one after another on one connection, as an analyst would type them. Scores: the footprint
 * (RHI and each dimension), organisations, sectors, dyads, sector pairs, the network measures
 * (whole network, trust received and given per member); question distributions of the respondent
 * and of the partner questions by everyone, sector, organisation type and respondent role.
 */
function ceilingStatements(instrument) {
  const summaries = respondentSummaries(instrument.dimensions);
  const { respondentQuestions: rq, partnerQuestions: pq } = instrument;
  const dyads = `SELECT organisation_id, partner_organisation_id, count(*)::int AS n, avg(score) AS mean, stddev_samp(score) AS sd
    FROM response_partner_rating WHERE round_id = $1 AND score IS NOT NULL GROUP BY organisation_id, partner_organisation_id`;
  return [
    ['footprint', `SELECT ${summaries} FROM response r WHERE r.round_id = $1`],
    ['organisations', `SELECT r.organisation_id, ${summaries} FROM response r WHERE r.round_id = $1 GROUP BY r.organisation_id`],
    ['sectors', `SELECT ${sectorSql('o.type')} AS sector, ${summaries} FROM response r JOIN organisation o ON o.id = r.organisation_id WHERE r.round_id = $1 GROUP BY 1`],
    ['dyads', dyads],
    [
      'sector pairs',
      `SELECT ${sectorSql('o.type')} AS sector, ${sectorSql('p.type')} AS partner_sector, count(*)::int AS n, avg(x.score) AS mean, stddev_samp(x.score) AS sd,
         count(DISTINCT x.response_id)::int AS respondents
       FROM response_partner_rating x JOIN organisation o ON o.id = x.organisation_id JOIN organisation p ON p.id = x.partner_organisation_id
       WHERE x.round_id = $1 AND x.score IS NOT NULL GROUP BY 1, 2`,
    ],
    [
      'network measures',
      `WITH d AS (${dyads}),
       members AS (SELECT organisation_id AS id FROM invitation WHERE round_id = $1 UNION SELECT organisation_id FROM response WHERE round_id = $1
                   UNION SELECT organisation_id FROM d UNION SELECT partner_organisation_id FROM d)
       SELECT 'network' AS kind, NULL::uuid AS id, (SELECT count(*)::int FROM members) AS members, count(*)::int AS n,
         count(*) FILTER (WHERE d.mean >= 75 - 1e-9)::int AS strong, count(b.mean)::int AS reciprocated,
         count(b.mean) FILTER (WHERE d.organisation_id < d.partner_organisation_id)::int AS pairs,
         avg(abs(d.mean - b.mean)) FILTER (WHERE d.organisation_id < d.partner_organisation_id) AS mean
       FROM d LEFT JOIN d b ON b.organisation_id = d.partner_organisation_id AND b.partner_organisation_id = d.organisation_id
       UNION ALL SELECT 'received', partner_organisation_id, NULL, count(*)::int, NULL, NULL, NULL, avg(mean) FROM d GROUP BY partner_organisation_id
       UNION ALL SELECT 'given', organisation_id, NULL, count(*)::int, NULL, NULL, NULL, avg(mean) FROM d GROUP BY organisation_id`,
    ],
    [
      'respondent question distributions',
      rq.length
        ? `SELECT ${breakdownColumns}, ${optionCounts(rq)}
           FROM (SELECT r.organisation_id, r.respondent_role, ${choiceColumns('r.choices', rq)} FROM response r WHERE r.round_id = $1 OFFSET 0) x
           JOIN organisation o ON o.id = x.organisation_id GROUP BY ${BREAKDOWN_SETS}`
        : null,
    ],
    [
      'partner question distributions',
      pq.length
        ? `SELECT ${breakdownColumns}, ${optionCounts(pq)}
           FROM (SELECT p.organisation_id, p.response_id, ${choiceColumns('p.choices', pq)} FROM response_partner_rating p WHERE p.round_id = $1 OFFSET 0) p
           JOIN response x ON x.id = p.response_id JOIN organisation o ON o.id = p.organisation_id GROUP BY ${BREAKDOWN_SETS}`
        : null,
    ],
    [
      // Respondents behind the partner questions: those who rated anyone, and those who answered each question.
      'partner question raters',
      pq.length
        ? `SELECT ${breakdownColumns}, count(*)::int AS raters, ${pq.map((_, i) => `count(*) FILTER (WHERE p.a${i})::int AS r${i}`).join(', ')}
           FROM (SELECT response_id, ${pq.map((q, i) => `bool_or(choices[${q.slot + 1}] IS NOT NULL) AS a${i}`).join(', ')}
                 FROM response_partner_rating WHERE round_id = $1 GROUP BY response_id) p
           JOIN response x ON x.id = p.response_id JOIN organisation o ON o.id = x.organisation_id GROUP BY ${BREAKDOWN_SETS}`
        : null,
    ],
  ];
}

async function bareAggregates(db, roundId, instrument) {
  const scopes = [];
  for (const [scope, sql] of ceilingStatements(instrument)) {
    if (sql === null) continue;
    const { ms, result } = await timed(() => db.query(sql, [roundId]));
    scopes.push({ scope, ms, rows: result.rows });
  }
  return { ms: scopes.reduce((total, s) => total + s.ms, 0), scopes };
}

/** The figures the ceiling computed, by the keys the scoring stores them under. */
function expectedFigures(ceiling, instrument) {
  const rows = Object.fromEntries(ceiling.scopes.map((s) => [s.scope, s.rows]));
  const scores = new Map();
  const group = (scope, subject, row) => {
    scores.set(`${scope === 'footprint' ? 'footprint' : scope}|${subject}|rhi`, { n: row.rhi_n, mean: row.rhi_mean, sd: row.rhi_sd });
    instrument.dimensions.forEach((d, i) =>
      scores.set(`${scope === 'footprint' ? 'dimension' : scope}|${subject}|${d.key}`, { n: row[`d${i}_n`], mean: row[`d${i}_mean`], sd: row[`d${i}_sd`] }),
    );
  };
  group('footprint', 'footprint', rows.footprint[0]);
  for (const row of rows.organisations) group('organisation', row.organisation_id, row);
  for (const row of rows.sectors) group('sector', row.sector, row);
  for (const row of rows.dyads) scores.set(`dyad|${row.organisation_id}>${row.partner_organisation_id}|partner_rating`, { respondents: row.n, n: row.n, mean: row.mean, sd: row.sd });
  for (const row of rows['sector pairs']) {
    scores.set(`sector_pair|${row.sector}>${row.partner_sector}|partner_rating`, { respondents: row.respondents, n: row.n, mean: row.mean, sd: row.sd });
  }
  for (const row of rows['network measures']) {
    if (row.kind === 'received') scores.set(`network|${row.id}|trust_received`, { n: row.n, mean: row.mean });
    else if (row.kind === 'given') scores.set(`network|${row.id}|trust_given`, { n: row.n, mean: row.mean });
    else {
      const possible = row.members * (row.members - 1);
      const share = (part) => (row.n > 0 ? part / row.n : null);
      scores.set('network|footprint|density', { n: possible, mean: possible > 0 ? row.n / possible : null });
      scores.set('network|footprint|strong_tie_share', { n: row.n, mean: share(row.strong) });
      scores.set('network|footprint|reciprocity', { n: row.n, mean: share(row.reciprocated) });
      scores.set('network|footprint|mean_asymmetry', { n: row.pairs, mean: row.mean });
    }
  }
  const distributions = new Map();
  const groupKey = (row) => [['all', 'all'], ['sector', row.sector], ['organisation_type', row.type], ['respondent_role', row.role]][[7, 3, 5, 6].indexOf(row.grouping)];
  const distribute = (questions, list, respondentsOf) => {
    for (const row of list ?? []) {
      const [breakdown, key] = groupKey(row);
      questions.forEach((q, i) => {
        const counts = row[`q${i}`];
        const answered = counts.reduce((sum, c) => sum + c, 0);
        if (respondentsOf(row, q, i, answered) === 0) return;
        distributions.set(`${q.key}|${breakdown}|${key}`, { respondents: respondentsOf(row, q, i, answered), answered, dont_know: counts[q.m], counts: counts.slice(0, q.m) });
      });
    }
  };
  distribute(instrument.respondentQuestions, rows['respondent question distributions'], (_, __, ___, answered) => answered);
  const raters = new Map((rows['partner question raters'] ?? []).map((row) => [groupKey(row).join('|'), row]));
  distribute(instrument.partnerQuestions, rows['partner question distributions'], (row, q, i) => {
    const group = raters.get(groupKey(row).join('|'));
    return (q.required ? group?.raters : group?.[`r${i}`]) ?? 0;
  });
  return { scores, distributions };
}

const SCORE_FIGURES = `SELECT scope || '|' || subject || '|' || measure AS key, respondents, n, mean, sd, ci_lower, ci_upper, band, perception_gap, gap_respondents,
  previous_mean, previous_respondents, delta, p_value, significant, trend, slope, slope_min_respondents, consecutive_declines
  FROM score WHERE round_id = $1 ORDER BY 1`;
const DISTRIBUTION_FIGURES = `SELECT question_key || '|' || breakdown || '|' || group_key AS key, respondents, answered, dont_know, counts,
  favourable_share, neutral_share, unfavourable_share FROM question_distribution WHERE round_id = $1 ORDER BY 1`;

/** Sets a process's VmHWM back to its current RSS (Linux: clear_refs 5), so the next peak read is that phase's own. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch (error) {
    log(`could not reset the worker's peak RSS (${error.message}): later peaks include earlier phases`);
  }
}

/** The gate's stored decision for the run: the withheld cells' hashes, as stored (score_gate_decision.withheld), in hex. */
async function gateDecision(db, roundId, computedAt) {
  const [row] = (await db.query('SELECT anonymity_threshold, withheld FROM score_gate_decision WHERE round_id = $1 AND computed_at = $2', [roundId, computedAt])).rows;
  return row ? { k: row.anonymity_threshold, withheld: row.withheld.length / 4, hashes: row.withheld.toString('hex') } : null;
}

const sameGate = (a, b) => a !== null && b !== null && a.k === b.k && a.hashes === b.hashes;

async function storedFigures(db, roundId) {
  const byKey = (rows) => Object.fromEntries(rows.map(({ key, ...figures }) => [key, figures]));
  return {
    scores: byKey((await db.query(SCORE_FIGURES, [roundId])).rows),
    distributions: byKey((await db.query(DISTRIBUTION_FIGURES, [roundId])).rows),
  };
}

/** Equal as figures: numbers to 1e-9 (relative above 1), arrays element by element, anything else exactly. */
function same(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return (a ?? null) === (b ?? null);
}

/** Differences between two sets of figures by key, at most `shown` of them spelled out. */
function compareFigures(actual, expected, { partial = false, shown = 5 } = {}) {
  const differences = [];
  let checked = 0;
  let unequal = 0;
  for (const [key, figures] of Object.entries(expected)) {
    const stored = actual[key];
    if (!stored) {
      differences.push(`${key}: missing`);
      continue;
    }
    for (const [name, value] of Object.entries(figures)) {
      checked++;
      if (JSON.stringify(stored[name]) !== JSON.stringify(value)) unequal++;
      if (!same(stored[name], value)) differences.push(`${key} ${name}: ${JSON.stringify(stored[name])}, expected ${JSON.stringify(value)}`);
    }
  }
  if (!partial) for (const key of Object.keys(actual)) if (!(key in expected)) differences.push(`${key}: not expected`);
  return { checked, unequal, differences: differences.length, examples: differences.slice(0, shown) };
}

/** Puts a kept round back as seeded: closed, never scored. */
async function unscore(db, roundId) {
  await db.query('DELETE FROM round_scoring WHERE round_id = $1', [roundId]);
  await db.query('DELETE FROM score WHERE round_id = $1', [roundId]);
  await db.query('DELETE FROM question_distribution WHERE round_id = $1', [roundId]);
  await db.query("DELETE FROM outbox WHERE payload->>'roundId' = $1", [roundId]);
  await db.query(`UPDATE round SET status = 'closed', scored_at = NULL WHERE id = $1`, [roundId]);
}

async function waitFor(what, worker, check) {
  const started = performance.now();
  for (;;) {
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}; see .data/bench-scoring-worker.log`);
    if (performance.now() - started > 600_000) throw new Error(`${what} did not happen within 10 minutes (see .data/bench-scoring-worker.log)`);
    if (await check()) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const { databaseUrl: serverUrl, redisUrl } = servicesEnv();
  buildApps();
  const sizes = `${RESPONSES}x${ORGANISATIONS}x${PARTNERS}`;
  const keptFile = resolve(root, '.data', `${DATABASE}.json`);
  const kept = KEEP_DATABASE && existsSync(keptFile) ? JSON.parse(readFileSync(keptFile, 'utf8')) : undefined;
  const reuse = kept?.sizes === sizes ? kept : undefined;
  const databaseUrl = reuse ? reuse.url : await freshDatabase(serverUrl, DATABASE);
  const env = appEnv({ databaseUrl, redisUrl, queuePrefix: `bench-scoring-${process.pid}` }, {
    LOG_LEVEL: 'info',
    APP_URL: 'http://127.0.0.1:3000',
    // e.g. --heapsnapshot-signal=SIGUSR2 or --heap-prof while looking for what holds the memory.
    ...(process.env.BENCH_WORKER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS } : {}),
  });
  migrate(env);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const ids = reuse?.ids ?? { footprint: randomUUID(), round: randomUUID() };
  let seeding = 'kept from an earlier run (BENCH_KEEP_DATABASE=1)';
  if (reuse) {
    log('using the round seeded by an earlier run');
    await unscore(db, ids.round);
  } else {
    log(`seeding ${RESPONSES.toLocaleString('en-GB')} responses from ${ORGANISATIONS.toLocaleString('en-GB')} organisations, ${PARTNERS} partner ratings each`);
    const seeded = await timed(() => seed(db, ids));
    await db.query('VACUUM ANALYZE response');
    await db.query('VACUUM ANALYZE response_partner_rating');
    seeding = `seeded in ${seconds(seeded.ms)}`;
    log(seeding);
    if (KEEP_DATABASE) writeFileSync(keptFile, JSON.stringify({ sizes, url: databaseUrl, ids }));
  }
  const [{ ratings }] = (await db.query('SELECT count(*)::int AS ratings FROM response_partner_rating WHERE round_id = $1', [ids.round])).rows;

  const instrument = await instrumentOf(db, ids.round);
  // Warm the cache the same way for both measurements: the first pass reads from disk.
  log('timing the bare SQL aggregates of every scope (the ceiling)');
  await bareAggregates(db, ids.round, instrument);
  const ceiling = await bareAggregates(db, ids.round, instrument);
  if (process.env.BENCH_CEILING_ONLY) {
    process.stdout.write(`ceiling ${seconds(ceiling.ms)}\n${ceiling.scopes.map((s) => `    ${s.scope.padEnd(36)} ${seconds(s.ms)}`).join('\n')}\n`);
    await db.end();
    return;
  }
  const loadBefore = loadavg();

  const workerPort = await freePort();
  const worker = await startApp('worker', { ...env, WORKER_PORT: String(workerPort) }, workerPort, 'bench-scoring-worker.log');
  try {
    const idle = memoryOf(worker.pid);
    // Each phase's peak on its own: VmHWM is set back to the current RSS before it (resetPeak).
    resetPeak(worker.pid);
    log('scoring the round in the worker');
    await db.query(`INSERT INTO outbox (job_name, payload, job_id) VALUES ('round.score', $1, $2)`, [JSON.stringify({ roundId: ids.round }), `round.score-${ids.round}-${process.pid}`]);
    const queuedToScored = await waitFor('the round being scored', worker, async () => (await db.query('SELECT status FROM round WHERE id = $1', [ids.round])).rows[0].status === 'scored');
    const scoredMemory = memoryOf(worker.pid);
    // The gate's job is queued by the scoring's commit and may have begun by now: its peak counts from here.
    resetPeak(worker.pid);
    const loadAfter = loadavg();
    const [run] = (await db.query('SELECT duration_ms, respondents, computed_at FROM round_scoring WHERE round_id = $1', [ids.round])).rows;
    // The anonymity gate's decision for the run (the worker's 'round.gate' job): the round's figures are read behind it.
    const queuedToGated = await waitFor('the gate decision', worker, async () => (await db.query('SELECT 1 FROM score_gate_decision WHERE round_id = $1 AND computed_at = $2', [ids.round, run.computed_at])).rowCount > 0)
      .then((ms) => ms + queuedToScored)
      .catch((error) => error.message);
    const gatedMemory = memoryOf(worker.pid);
    const loadGated = loadavg();
    const stored = { ...(await storedFigures(db, ids.round)), gate: await gateDecision(db, ids.round, run.computed_at) };
    const expected = expectedFigures(ceiling, instrument);
    const againstCeiling = {
      scores: compareFigures(stored.scores, Object.fromEntries(expected.scores), { partial: false }),
      distributions: compareFigures(stored.distributions, Object.fromEntries(expected.distributions), { partial: false }),
    };
    // Every stored figure, against the same round scored by an earlier build (BENCH_FIGURES names the file; the first run writes it).
    const figuresFile = process.env.BENCH_FIGURES ? resolve(process.env.BENCH_FIGURES) : undefined;
    let againstFile = 'not compared (set BENCH_FIGURES=<file> to keep or compare every stored figure)';
    if (figuresFile && existsSync(figuresFile)) {
      const before = JSON.parse(readFileSync(figuresFile, 'utf8'));
      if (before.sizes !== sizes) throw new Error(`${figuresFile} holds a round of ${before.sizes}, not ${sizes}`);
      const scores = compareFigures(stored.scores, before.scores);
      const distributions = compareFigures(stored.distributions, before.distributions);
      const gate = !before.gate ? 'not in the file' : sameGate(stored.gate, before.gate) ? 'identical' : `DIFFERENT (${stored.gate?.withheld} withheld, before ${before.gate.withheld})`;
      againstFile = `${scores.checked + distributions.checked} figures against ${figuresFile}: ${scores.differences + distributions.differences} differ by more than 1e-9, ${scores.unequal + distributions.unequal} are not bit-identical${[...scores.examples, ...distributions.examples].map((e) => `\n    ${e}`).join('')}; the gate's decision: ${gate}`;
    } else if (figuresFile) {
      writeFileSync(figuresFile, JSON.stringify({ sizes, ...stored }));
      againstFile = `written to ${figuresFile} for the next run to compare with`;
    }

    const score = run.duration_ms;
    const lines = [
      `round: ${run.respondents.toLocaleString('en-GB')} responses, ${ratings.toLocaleString('en-GB')} partner ratings, ${ORGANISATIONS} organisations, ${(expected.scores.size - 0).toLocaleString('en-GB')} score figures, ${expected.distributions.size.toLocaleString('en-GB')} distributions`,
      `ceiling, bare SQL aggregates of every scope over the same rows, one statement each in turn: ${seconds(ceiling.ms)}`,
      ...ceiling.scopes.map((s) => `    ${s.scope.padEnd(36)} ${seconds(s.ms).padStart(8)}  (${s.rows.length.toLocaleString('en-GB')} rows)`),
      `full score (in the worker, read to write): ${seconds(score)} = ${(score / ceiling.ms).toFixed(2)}× the ceiling   target ≤ 2×`,
      `queued to scored (outbox relay, BullMQ, scoring, commit): ${seconds(queuedToScored)}; to the gate's decision stored: ${typeof queuedToGated === 'number' ? seconds(queuedToGated) : queuedToGated}`,
      `worker peak RSS (VmHWM): scoring ${mb(scoredMemory.peak)}, the gate ${mb(gatedMemory.peak)}, start-up ${mb(idle.peak)}; whole worker ${mb(Math.max(idle.peak, scoredMemory.peak, gatedMemory.peak))}   target < 200 MB`,
      `worker RSS: ${mb(idle.rss)} idle after start-up, ${mb(scoredMemory.rss)} when scored, ${mb(gatedMemory.rss)} once gated; the gate withheld ${stored.gate?.withheld ?? '?'} cells`,
      `figures against the ceiling's: ${againstCeiling.scores.checked + againstCeiling.distributions.checked} checked, ${againstCeiling.scores.differences + againstCeiling.distributions.differences} differ by more than 1e-9${[...againstCeiling.scores.examples, ...againstCeiling.distributions.examples].map((e) => `\n    ${e}`).join('')}`,
      `figures against an earlier run: ${againstFile}`,
      `load average (1 min) ${loadBefore[0].toFixed(2)} before scoring, ${loadAfter[0].toFixed(2)} when scored, ${loadGated[0].toFixed(2)} once gated, on ${availableParallelism()} cores; worker from ${process.env.BENCH_FROM_SOURCE ? 'TypeScript sources (ts-node)' : 'dist/'}; ${seeding}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stop(worker);
    await db.end();
    if (!KEEP_DATABASE) await dropDatabase(serverUrl, DATABASE);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
