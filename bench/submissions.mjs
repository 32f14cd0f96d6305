#!/usr/bin/env node
/**
 * Sustained pulse-submission throughput and latency over HTTP, against the real API process,
 * PostgreSQL and Redis (`npm run bench:submissions`). Not a test: it prints figures.
 *
 * Each submission is a 20-question response plus the seven partner-rating items for 10 partners
 * (90 answers). Two ways in, each measured flat out and at a fixed 1,000 submissions/s:
 * - account: signed-in submitters (JWT, roles read per request) answering their organisation's
 *   invitation. 110 accounts answer over and over, so after the first pass every request replaces
 *   the respondent's response (the heavier write: update plus upsert of the partner rows).
 * - link: respondent links, one fresh link per request, so every request adds a new response.
 * Every submission carries a fresh Idempotency-Key, as a client that retries safely sends it, so
 * each also stores its receipt (BENCH_IDEMPOTENCY_KEYS=0 leaves the header out).
 *
 * The API runs as in production (NODE_ENV=production, LOG_LEVEL=info, logs to .data/bench-api.log),
 * one process per core (API_PROCESSES; BENCH_API_PROCESSES sets another count), from the build in
 * dist/ (built first unless BENCH_SKIP_BUILD=1), on a database of its own.
 * BENCH_FROM_SOURCE=1 runs it from the TypeScript sources instead (ts-node, TS_NODE_PROJECT).
 * BENCH_DURATION sets the seconds per measured run (default 20); BENCH_API_NODE_ARGS are given to
 * the API's node (e.g. --cpu-prof). The load comes from wrk (bench/wrk-requests.lua), on this machine.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { API_PROCESSES, appEnv, buildApps, cpuOf, dropDatabase, ensureWrk, freePort, freshDatabase, loadTest, log, mb, memoryOf, migrate, servicesEnv, startApp, stop } from './support.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const PARTNERS = 10;
const QUESTIONS = 20;
const ACCOUNTS = 110;
const LINKS_PER_CALL = 500;
const IDEMPOTENCY_KEYS = process.env.BENCH_IDEMPOTENCY_KEYS !== '0';
/** A fresh key per request (wrk numbers them after this prefix): a retry would send the same one again; these are all first tries. */
const idempotencyPrefix = () => (IDEMPOTENCY_KEYS ? randomUUID() : '');
const API = '/api/v1';
/** The most submissions a second any run could store: links are issued for that many. */
const MAX_RATE = 2500;

/**
 * CPU time of the database's backends serving the API. The pool opens and closes connections as
 * load changes (idle ones close after 10 s), so the backends are listed again at every sample and
 * each counts from when it is first seen to when it was last seen.
 */
class BackendsCpu {
  constructor(watcher) {
    this.watcher = watcher;
    this.seen = new Map();
  }

  async sample() {
    const { rows } = await this.watcher.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    for (const { pid } of rows) {
      const cpu = cpuOf(pid);
      if (cpu === undefined) continue;
      const backend = this.seen.get(pid);
      if (backend) backend.last = cpu;
      else this.seen.set(pid, { first: cpu, last: cpu });
    }
  }

  get seconds() {
    let sum = 0;
    for (const { first, last } of this.seen.values()) sum += last - first;
    return sum;
  }
}

class Client {
  constructor(base, token) {
    this.base = base;
    this.token = token;
  }

  async call(method, path, body, expected) {
    const res = await fetch(`${this.base}${API}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

async function inBatches(items, size, work) {
  const results = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

const AGREE = ['strongly_disagree', 'disagree', 'neither', 'agree', 'strongly_agree'].map((value) => ({ value, label: value }));
const DIMENSIONS = ['trust', 'shared_purpose', 'involvement', 'communication', 'delivery'];
const PARTNER_ITEMS = ['partner_overall', 'partner_reliable', 'partner_mission', 'partner_open', 'partner_communication', 'partner_problem_solving'];

function benchInstrument() {
  return {
    key: `bench-pulse-${Date.now()}`,
    name: 'Benchmark pulse: 20 items and 7 partner items',
    dimensions: DIMENSIONS.map((key) => ({ key, name: key })),
    questions: [
      ...Array.from({ length: QUESTIONS }, (_, i) => ({
        key: `item_${i + 1}`,
        text: `Item ${i + 1}`,
        type: 'scale',
        dimension: DIMENSIONS[i % DIMENSIONS.length],
        options: AGREE,
        allowDontKnow: true,
      })),
      ...PARTNER_ITEMS.map((key) => ({ key, text: key, type: 'partner_rating', options: AGREE, allowDontKnow: true })),
      { key: 'partner_closer_links', text: 'Closer links', type: 'partner_rating', options: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] },
    ],
  };
}

const pick = (values) => values[randomInt(values.length)];

/** One random, valid response of an organisation: all 20 items, 7 items for each of its 10 partners. */
function responseBody(partnerIds) {
  const values = [...AGREE.map((o) => o.value), 'dont_know'];
  const answers = Object.fromEntries(Array.from({ length: QUESTIONS }, (_, i) => [`item_${i + 1}`, pick(values)]));
  const partnerRatings = Object.fromEntries(
    partnerIds.map((id) => [id, { ...Object.fromEntries(PARTNER_ITEMS.map((key) => [key, pick(values)])), partner_closer_links: pick(['no', 'yes']) }]),
  );
  return JSON.stringify({ respondentRole: pick(['chief_executive', 'finance', 'adult_social_care', 'public_health', 'clinical_gp', 'commissioning', 'other']), answers, partnerRatings });
}

async function setUp(base, admin) {
  const asAdmin = new Client(base, (await new Client(base).call('POST', '/auth/login', admin, 200)).accessToken);
  const footprintCode = `E54${String(randomInt(1e6)).padStart(6, '0')}`;
  const footprint = await asAdmin.call('POST', '/footprints', { code: footprintCode, name: 'Benchmark footprint', kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'E40000010' } }, 201);
  const organisations = await inBatches(Array.from({ length: PARTNERS + 1 }, (_, i) => i), 4, async (i) => {
    const code = `E06${String(900000 + i).padStart(6, '0')}`;
    const organisation = await asAdmin.call('POST', '/organisations', { code, name: `Benchmark council ${i}`, type: 'unitary_authority' }, 201);
    await asAdmin.call('POST', `/footprints/${footprint.id}/members`, { organisationId: organisation.id, memberFrom: '2020-04-01' }, 201);
    return organisation;
  });
  const instrument = await asAdmin.call('POST', '/instruments', benchInstrument(), 201);
  const now = Date.now();
  const round = await asAdmin.call('POST', `/footprints/${footprint.id}/rounds`, { period: '2026-Q4', opensAt: new Date(now - 3600_000).toISOString(), closesAt: new Date(now + 86_400_000).toISOString(), instrumentId: instrument.id }, 201);
  await asAdmin.call('POST', `/rounds/${round.id}/open`, undefined, 200);
  const invitations = Object.fromEntries((await asAdmin.call('GET', `/rounds/${round.id}/invitations`, undefined, 200)).items.map((i) => [i.organisationId, i.id]));
  const partnersOf = (organisationId) => organisations.map((o) => o.id).filter((id) => id !== organisationId);

  log(`creating ${ACCOUNTS} submitter accounts`);
  const password = randomBytes(18).toString('base64url');
  const accounts = await inBatches(Array.from({ length: ACCOUNTS }, (_, i) => i), 4, async (i) => {
    const organisationId = organisations[i % organisations.length].id;
    const email = `bench-${i}-${randomBytes(4).toString('hex')}@pulse.test`;
    const invited = await asAdmin.call('POST', '/users/invitations', { email, displayName: `Submitter ${i}`, grants: [{ role: 'org_submitter', organisationId }] }, 201);
    await new Client(base).call('POST', '/auth/invitations/accept', { token: invited.invitationToken, password }, 204);
    const { accessToken } = await new Client(base).call('POST', '/auth/login', { email, password }, 200);
    return { path: `${API}/invitations/${invitations[organisationId]}/responses`, authorization: `Bearer ${accessToken}`, body: responseBody(partnersOf(organisationId)) };
  });

  // The link warm-up (3 s) and two measured link runs, at up to MAX_RATE a second.
  const linkCount = Math.ceil(((DURATION * 2 + 3) * MAX_RATE) / LINKS_PER_CALL) * LINKS_PER_CALL;
  log(`issuing ${linkCount} respondent links`);
  const links = (
    await inBatches(Array.from({ length: linkCount / LINKS_PER_CALL }, (_, i) => i % organisations.length), 4, async (index) => {
      const issued = await asAdmin.call('POST', `/rounds/${round.id}/links`, { organisationId: organisations[index].id, count: LINKS_PER_CALL }, 201);
      return issued.items.map((link) => ({ token: link.token, index }));
    })
  ).flat();
  // Twenty bodies per organisation, shared by its links: the bodies of organisation i are lines 20i + 1 … 20i + 20.
  const linkBodies = organisations.flatMap((o) => Array.from({ length: 20 }, () => responseBody(partnersOf(o.id))));
  return { round, accounts, links, linkBodies };
}

/** Requests of the signed-in submitters, who answer again and again. */
function accountLoad(accounts) {
  return { mode: 'cycle', requests: accounts.map((a, i) => ['POST', a.path, 'Authorization', a.authorization, `@${i + 1}`]), bodies: accounts.map((a) => a.body) };
}

/** Requests of `seconds` at up to MAX_RATE a second, each with a link of its own: links are used up. */
function linkLoad({ links, linkBodies }, seconds) {
  const taken = links.splice(0, seconds * MAX_RATE);
  return { mode: 'once', requests: taken.map((link) => ['POST', `${API}/pulse/responses`, 'X-Pulse-Token', link.token, `@${link.index * 20 + randomInt(20) + 1}`]), bodies: linkBodies };
}

/**
 * Runs wrk while sampling the API's resident memory, and measures the CPU time the API, its
 * PostgreSQL backends and the load generator spent per submission: costs that other load on the
 * machine blurs far less than it does the rates.
 */
async function measure(label, pid, watcher, options) {
  const backends = new BackendsCpu(watcher);
  await backends.sample();
  let peakRss = 0;
  const apiBefore = cpuOf(pid, true);
  const result = await loadTest({
    ...options,
    idempotencyPrefix: idempotencyPrefix(),
    onSample: () => {
      peakRss = Math.max(peakRss, memoryOf(pid).rss);
      backends.sample().catch(() => undefined);
    },
  });
  await backends.sample();
  const [apiCpu, dbCpu] = [cpuOf(pid, true) - apiBefore, backends.seconds];
  peakRss = Math.max(peakRss, memoryOf(pid).rss);
  const done = Math.max(result.ok, 1);
  return {
    apiMs: (1000 * apiCpu) / done,
    pgMs: (1000 * dbCpu) / done,
    loadMs: (1000 * result.cpuSeconds) / done,
    label,
    // Stored submissions only: a refused request is no submission.
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50.toFixed(1),
    p99: result.p99.toFixed(1),
    ok: result.ok,
    non2xx: result.non2xx,
    errors: result.errors,
    peakRss,
  };
}

function table(rows) {
  const lines = [
    ['run', 'submissions/s', 'p50', 'p99', '2xx', 'non-2xx', 'errors', 'API RSS (peak)', 'API CPU/sub', 'PG CPU/sub', 'wrk CPU/sub'],
    ...rows.map((r) => [
      r.label,
      r.requestsPerSecond.toFixed(0),
      `${r.p50} ms`,
      `${r.p99} ms`,
      String(r.ok),
      String(r.non2xx),
      String(r.errors),
      mb(r.peakRss),
      `${r.apiMs.toFixed(2)} ms`,
      `${r.pgMs.toFixed(2)} ms`,
      `${r.loadMs.toFixed(2)} ms`,
    ]),
  ];
  const widths = lines[0].map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  return lines.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

async function main() {
  ensureWrk();
  const { databaseUrl, redisUrl } = servicesEnv();
  // A name of this run's own: other benchmarks and test runs share the PostgreSQL server.
  const dbName = `pulse_bench_submissions_${process.pid}`;
  const benchUrl = await freshDatabase(databaseUrl, dbName);
  buildApps();
  const admin = { email: 'bench-admin@pulse.test', password: randomBytes(18).toString('base64url') };
  const env = appEnv({ databaseUrl: benchUrl, redisUrl, queuePrefix: 'pulse-bench', admin }, {
    PORT: String(await freePort()),
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    // Set-up signs in 110 accounts from one address; the submissions measured are not rate-limited.
    AUTH_RATE_LIMIT_PER_IP: '100000',
  });
  migrate(env);
  const child = await startApp('api', env, env.PORT, 'bench-api.log');
  const base = `http://127.0.0.1:${env.PORT}`;
  try {
    const setup = await setUp(base, admin);
    const { round, accounts } = setup;
    const common = { base, duration: DURATION };
    log('warming up account and link submissions (8 s, not reported)');
    await loadTest({ ...common, duration: 5, connections: 32, ...accountLoad(accounts), idempotencyPrefix: idempotencyPrefix() });
    await loadTest({ ...common, duration: 3, connections: 32, ...linkLoad(setup, 3), idempotencyPrefix: idempotencyPrefix() });
    const rssAtStart = memoryOf(child.pid).rss;

    // Finds the API's pool connections, whose backends' CPU is the database's cost of the submissions.
    const watcher = new pg.Client({ connectionString: benchUrl });
    watcher.on('error', () => undefined); // the database is dropped under it on the way out
    await watcher.connect();
    const results = [];
    log(`account submissions, flat out, 32 connections, ${DURATION} s`);
    results.push(await measure('account, flat out (32 conns)', child.pid, watcher, { ...common, connections: 32, ...accountLoad(accounts) }));
    log(`account submissions at 1,000/s, ${DURATION} s`);
    results.push(await measure('account, 1,000/s offered', child.pid, watcher, { ...common, connections: 100, rate: 1000, ...accountLoad(accounts) }));
    log(`link submissions, flat out, 32 connections, ${DURATION} s`);
    results.push(await measure('link, flat out (32 conns)', child.pid, watcher, { ...common, connections: 32, ...linkLoad(setup, DURATION) }));
    log(`link submissions at 1,000/s, ${DURATION} s`);
    results.push(await measure('link, 1,000/s offered', child.pid, watcher, { ...common, connections: 100, rate: 1000, ...linkLoad(setup, DURATION) }));

    const [counts] = (
      await watcher.query(
        `SELECT (SELECT count(*) FROM response WHERE round_id = $1)::int AS responses,
                (SELECT count(*) FROM response_partner_rating WHERE round_id = $1)::int AS partner_ratings,
                (SELECT max(revision) FROM response WHERE round_id = $1)::int AS max_revision`,
        [round.id],
      )
    ).rows;
    await watcher.end();
    const { peak } = memoryOf(child.pid);
    process.stdout.write(
      `\nPulse submissions: ${QUESTIONS} questions + 7 partner items × ${PARTNERS} partners per response, ` +
        `${IDEMPOTENCY_KEYS ? 'each with its own Idempotency-Key' : 'without Idempotency-Key'}, ${DURATION} s per run, ` +
        `API (NODE_ENV=production, LOG_LEVEL=info, ${API_PROCESSES} process${API_PROCESSES === 1 ? '' : 'es'}) and PostgreSQL on this ${availableParallelism()}-core machine, wrk (one thread) in the same machine. ` +
        `API RSS and CPU are summed over its processes.\n\n` +
        `${table(results)}\n\n` +
        `Stored: ${counts.responses} responses, ${counts.partner_ratings} partner-rating rows (highest revision ${counts.max_revision}). API RSS when the measured runs began: ${mb(rssAtStart)}; ` +
        `peak over the whole run, set-up's argon2 sign-ins included: ${mb(peak)} (the sum of each process's peak).\n`,
    );
  } finally {
    await stop(child);
    await dropDatabase(databaseUrl, dbName);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
