#!/usr/bin/env node
/**
 * Checks that a backup taken with pg_dump from a live system restores into a working, consistent
 * database (`npm run check:backup`), as docs/operations.md says to take one. Not a benchmark: it
 * exits 1 naming what did not hold, and prints what it measured.
 *
 * 1. Starts the API and a worker (as in production, from dist/) on a database of their own, and
 *    builds a footprint with a round open for answers, through the API.
 * 2. Writers answer through single-use respondent links over HTTP, half of them with an
 *    Idempotency-Key, without pause; while they write, `pg_dump --format=custom` dumps the database.
 * 3. Restores the dump with `pg_restore` into a fresh database, and checks it there:
 *    - every response has all its answers and all its partner ratings;
 *    - the dump is one snapshot: every used link has its response and every link response its used
 *      link, every idempotency receipt its response, and the responses number at least those
 *      acknowledged before the dump began and at most those sent before it ended, all of them
 *      acknowledged ones;
 *    - `cli migrate` finds the restored database up to date;
 *    - the API starts on it, its admin signs in, and it reports the round's responses.
 *
 * Flags: --writers N (8), --links N (4000: how many respondents can answer). pg_dump and pg_restore
 * come from the PostgreSQL client tools (Debian: postgresql-client), of the server's major version or newer.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { appEnv, buildApps, dropDatabase, freePort, freshDatabase, log, migrate, root, servicesEnv, startApp, stop } from './support.mjs';

const LIVE = 'pulse_backup_live';
const RESTORED = 'pulse_backup_restored';
const MEMBERS = 6;
const MAX_LINKS_PER_REQUEST = 500;

const { values: flags } = parseArgs({ options: { writers: { type: 'string', default: '8' }, links: { type: 'string', default: '4000' } } });
const WRITERS = Number(flags.writers);
const LINKS = Number(flags.links);
if (!(WRITERS >= 1) || !(LINKS >= MEMBERS * 10)) throw new Error(`--writers must be at least 1 and --links at least ${MEMBERS * 10}`);

const admin = { email: 'backup-check@pulse.local', password: `check-${randomBytes(12).toString('hex')}` };
const problems = [];
/** Records a check: `ok` true passes, anything else is a problem named by `what`. */
function check(what, ok, detail = '') {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) problems.push(what);
}

async function call(base, method, path, { token, body, headers = {}, expected } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== (expected ?? (method === 'POST' ? 201 : 200))) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A footprint of MEMBERS organisations, its round open, and LINKS respondent links spread over the members. */
async function openRound(base) {
  const { accessToken: token } = await call(base, 'POST', '/auth/login', { body: admin, expected: 200 });
  const footprint = await call(base, 'POST', '/footprints', {
    token,
    body: { code: 'E54999998', name: 'Backup check (synthetic)', kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'E40000010' } },
  });
  const members = [];
  for (let i = 0; i < MEMBERS; i++) {
    const organisation = await call(base, 'POST', '/organisations', { token, body: { type: 'unitary_authority', code: `E06${String(990000 + i)}`, name: `Backup check council ${i}` } });
    await call(base, 'POST', `/footprints/${footprint.id}/members`, { token, body: { organisationId: organisation.id, memberFrom: '2020-04-01' } });
    members.push(organisation.id);
  }
  const now = Date.now();
  const round = await call(base, 'POST', `/footprints/${footprint.id}/rounds`, {
    token,
    body: { period: '2026-Q3', opensAt: new Date(now - 3600_000).toISOString(), closesAt: new Date(now + 7 * 24 * 3600_000).toISOString() },
  });
  await call(base, 'POST', `/rounds/${round.id}/open`, { token, expected: 200 });
  const catalogue = await call(base, 'GET', '/instruments?limit=100', { token });
  const instrument = await call(base, 'GET', `/instruments/${catalogue.items.find((i) => i.isDefault).id}`, { token });
  const links = [];
  for (const [i, organisationId] of members.entries()) {
    const share = Math.floor(LINKS / MEMBERS) + (i < LINKS % MEMBERS ? 1 : 0);
    for (let issued = 0; issued < share; issued += MAX_LINKS_PER_REQUEST) {
      const batch = await call(base, 'POST', `/rounds/${round.id}/links`, { token, body: { organisationId, count: Math.min(MAX_LINKS_PER_REQUEST, share - issued) } });
      links.push(...batch.items.map((link) => ({ ...link, organisationId })));
    }
  }
  // Interleave the members, so whichever links are answered cover them all.
  links.sort((x, y) => x.token.localeCompare(y.token));
  return { token, footprint, round, members, instrument, links };
}

/** A respondent's answers: an option of every question but free text, and a rating of every other member. */
function pulse(instrument, members, organisationId, n) {
  const option = (question, salt) => question.options[(n + salt) % question.options.length].value;
  const own = instrument.questions.filter((q) => q.type !== 'partner_rating' && q.type !== 'free_text');
  const partner = instrument.questions.filter((q) => q.type === 'partner_rating');
  return {
    respondentRole: 'finance',
    answers: Object.fromEntries(own.map((q, i) => [q.key, option(q, i)])),
    partnerRatings: Object.fromEntries(members.filter((id) => id !== organisationId).map((id, j) => [id, Object.fromEntries(partner.map((q, i) => [q.key, option(q, i + j)]))])),
  };
}

/**
 * WRITERS loops answering links until `stopped()`; every request is counted when sent and, with its
 * response id, when acknowledged (201).
 */
function startWriters(base, world, stopped) {
  const sent = [];
  const acknowledged = [];
  let next = 0;
  const writer = async (w) => {
    while (!stopped() && next < world.links.length) {
      const link = world.links[next++];
      const headers = { 'X-Pulse-Token': link.token, ...(w % 2 ? { 'Idempotency-Key': randomUUID() } : {}) };
      sent.push(performance.now());
      const res = await fetch(`${base}/api/v1/pulse/responses`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(pulse(world.instrument, world.members, link.organisationId, next)),
      });
      const body = await res.json();
      if (res.status !== 201) throw new Error(`a submission answered ${res.status}: ${JSON.stringify(body)}`);
      acknowledged.push({ at: performance.now(), id: body.id });
    }
  };
  const done = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  let failure;
  done.catch((error) => (failure = error));
  // A writer that failed fails the wait for submissions at once.
  return { sent, acknowledged, done, failed: () => failure };
}

async function waitFor(what, probe, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The consistency checks, on the restored database. */
async function checkRestored(db, world, bounds, instrument) {
  const scored = instrument.questions.filter((q) => q.type !== 'partner_rating' && q.type !== 'free_text').length;
  const [{ responses }] = (await db.query('SELECT count(*)::int AS responses FROM response WHERE round_id = $1', [world.round.id])).rows;
  check(
    'responses at the dump’s snapshot: at least those acknowledged before it began, at most those sent before it ended',
    responses >= bounds.acknowledgedBefore && responses <= bounds.sentBefore && responses > 0,
    `${bounds.acknowledgedBefore} ≤ ${responses} ≤ ${bounds.sentBefore}`,
  );
  const restoredIds = (await db.query('SELECT id FROM response WHERE round_id = $1', [world.round.id])).rows.map((r) => r.id);
  const acknowledged = new Set(bounds.acknowledgedIds);
  check('every restored response was acknowledged to its respondent', restoredIds.every((id) => acknowledged.has(id)), `${restoredIds.filter((id) => !acknowledged.has(id)).length} not`);
  const [answers] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE cardinality(choices) <> $2 OR cardinality(item_scores) <> $2)::int AS short_answers,
         count(*) FILTER (WHERE dimension_scores IS NULL)::int AS without_dimensions
       FROM response WHERE round_id = $1`,
      [world.round.id, scored],
    )
  ).rows;
  check('every response has all its answers', answers.short_answers === 0 && answers.without_dimensions === 0, `${answers.short_answers} short, ${answers.without_dimensions} without dimension scores`);
  const [ratings] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE rated <> $2)::int AS wrong, coalesce(sum(rated), 0)::int AS total
       FROM (SELECT r.id, count(p.response_id)::int AS rated FROM response r LEFT JOIN response_partner_rating p ON p.response_id = r.id
             WHERE r.round_id = $1 GROUP BY r.id) x`,
      [world.round.id, MEMBERS - 1],
    )
  ).rows;
  check(`every response has its ${MEMBERS - 1} partner ratings`, ratings.wrong === 0, `${ratings.total} ratings, ${ratings.wrong} responses with another number`);
  const [links] = (
    await db.query(
      `SELECT (SELECT count(*)::int FROM respondent_link l WHERE l.round_id = $1 AND l.used_at IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM response r WHERE r.round_id = $1 AND r.respondent_key = 'l:' || l.id)) AS used_without_response,
              (SELECT count(*)::int FROM response r WHERE r.round_id = $1
                 AND NOT EXISTS (SELECT 1 FROM respondent_link l WHERE 'l:' || l.id = r.respondent_key AND l.used_at IS NOT NULL)) AS response_without_used_link`,
      [world.round.id],
    )
  ).rows;
  check('every used link has its response, and every response its used link', links.used_without_response === 0 && links.response_without_used_link === 0, JSON.stringify(links));
  const [receipts] = (
    await db.query(
      `SELECT count(*)::int AS receipts, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM response r WHERE r.id::text = s.body->>'id'))::int AS orphans
       FROM submission_receipt s WHERE s.round_id = $1`,
      [world.round.id],
    )
  ).rows;
  check('every idempotency receipt has its response', receipts.receipts > 0 && receipts.orphans === 0, `${receipts.receipts} receipts, ${receipts.orphans} without a response`);
  return { responses, ratings: ratings.total };
}

async function main() {
  const { databaseUrl: serverUrl, redisUrl } = servicesEnv();
  buildApps();
  const liveUrl = await freshDatabase(serverUrl, LIVE);
  const env = appEnv({ databaseUrl: liveUrl, redisUrl, queuePrefix: `backup-check-${process.pid}`, admin }, {
    LOG_LEVEL: 'info',
  });
  migrate(env);
  const apiPort = await freePort();
  const workerPort = await freePort();
  const api = await startApp('api', { ...env, PORT: String(apiPort), API_PROCESSES: '1' }, apiPort, 'backup-check-api.log');
  const worker = await startApp('worker', { ...env, WORKER_PORT: String(workerPort) }, workerPort, 'backup-check-worker.log');
  const dumpFile = resolve(root, '.data', 'backup-check.dump');
  let restoredApi;
  try {
    const base = `http://127.0.0.1:${apiPort}`;
    log('building a footprint and an open round through the API');
    const world = await openRound(base);

    log(`${WRITERS} writers answering through the API; pg_dump once 200 responses are in`);
    let stopped = false;
    const writers = startWriters(base, world, () => stopped);
    await waitFor('200 acknowledged submissions', () => {
      if (writers.failed()) throw writers.failed();
      return writers.acknowledged.length >= 200;
    });
    const dumpStarted = performance.now();
    const acknowledgedBefore = writers.acknowledged.length;
    // Asynchronously: the writers in this process go on submitting while pg_dump runs.
    await promisify(execFile)('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', dumpFile, '--dbname', liveUrl]);
    const dumpEnded = performance.now();
    const sentBefore = writers.sent.length;
    const acknowledgedDuring = writers.acknowledged.filter((a) => a.at >= dumpStarted && a.at <= dumpEnded).length;
    stopped = true;
    await writers.done;
    const dumpMs = dumpEnded - dumpStarted;
    check('submissions were acknowledged while pg_dump ran', acknowledgedDuring > 0, `${acknowledgedDuring} during ${(dumpMs / 1000).toFixed(2)} s`);
    await stop(api);
    await stop(worker);

    log('restoring into a fresh database');
    const restoredUrl = await freshDatabase(serverUrl, RESTORED);
    const restoreStarted = performance.now();
    execFileSync('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', restoredUrl, dumpFile], { stdio: ['ignore', 'ignore', 'inherit'] });
    const restoreMs = performance.now() - restoreStarted;
    const db = new pg.Client({ connectionString: restoredUrl });
    await db.connect();
    let counts;
    try {
      counts = await checkRestored(db, world, { acknowledgedBefore, sentBefore, acknowledgedIds: writers.acknowledged.map((a) => a.id) }, world.instrument);
    } finally {
      await db.end();
    }

    const restoredEnv = { ...env, DATABASE_URL: restoredUrl, QUEUE_PREFIX: `backup-check-restored-${process.pid}` };
    const migrated = execFileSync('node', ['dist/apps/api/src/cli.js', 'migrate'], { cwd: root, env: restoredEnv, encoding: 'utf8' }).trim();
    check('cli migrate finds the restored database up to date', migrated === 'Database is up to date', migrated);
    const restoredPort = await freePort();
    restoredApi = await startApp('api', { ...restoredEnv, PORT: String(restoredPort), API_PROCESSES: '1' }, restoredPort, 'backup-check-restored-api.log');
    const restoredBase = `http://127.0.0.1:${restoredPort}`;
    const { accessToken } = await call(restoredBase, 'POST', '/auth/login', { body: admin, expected: 200 });
    const rates = await call(restoredBase, 'GET', `/rounds/${world.round.id}/response-rates`, { token: accessToken });
    check('the API starts on the restored database and reports its responses', rates.respondents === counts.responses, `${rates.respondents} reported, ${counts.responses} in the database`);

    const lines = [
      `live system: ${WRITERS} writers over HTTP, ${writers.acknowledged.length} submissions acknowledged in all`,
      `pg_dump --format=custom: ${(dumpMs / 1000).toFixed(2)} s, ${(statSync(dumpFile).size / 2 ** 20).toFixed(1)} MB, ${acknowledgedDuring} submissions acknowledged meanwhile`,
      `pg_restore --single-transaction: ${(restoreMs / 1000).toFixed(2)} s; restored ${counts.responses} responses, ${counts.ratings} partner ratings`,
      problems.length ? `FAILED: ${problems.join('; ')}` : 'every check held',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (restoredApi) await stop(restoredApi);
    await stop(api);
    await stop(worker);
    rmSync(dumpFile, { force: true });
    await dropDatabase(serverUrl, LIVE);
    await dropDatabase(serverUrl, RESTORED);
  }
  if (problems.length) process.exit(1);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
