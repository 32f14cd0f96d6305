#!/usr/bin/env node
/**
 * A national quarter-end (`npm run bench:quarter-end`): every footprint of a national registry
 * closes its round in the same scheduler tick, and 2 worker processes score them all, evaluate their
 * alert rules and send the alerts. Not a test: it prints figures, and exits 1 if anything was scored
 * twice or an alert was not sent exactly once.
 *
 * 1. Through the API (as a platform admin, then each footprint's lead): the 42 footprints of
 *    data/reference/footprints-2021.csv (42 synthetic ones while that file is missing), each with
 *    20–60 member organisations (imported as CSV), a lead, a webhook, and a round answered by 3–8
 *    respondents per member rating 5–8 partners each (uploaded as a lead's CSV; one member per
 *    footprint stays silent). The sizes and answers are synthetic and deterministic: the reference
 *    file has no membership counts.
 * 2. Starts 2 workers, both ticking every second. Once they are idle (the invitations sent), every round's closing time
 *    is set to now in one statement: the next tick closes them all.
 * 3. Waits until every round is scored and every alert's email and webhook are sent; checks each
 *    round was closed once by a tick and scored once (its final scoring job started once, or again
 *    only after a failed attempt, which rolled back; one audit entry of each move) and each alert
 *    reached its lead's mailbox (the SMTP catcher) and the webhook receiver exactly once.
 * 4. Scores the median footprint's round again, alone, as the yardstick: the target is the time to
 *    all scored ≤ 1.5 × (one footprint's time × 42 / 2 workers).
 *
 * Runs against the services of scripts/services.sh (or DATABASE_URL / REDIS_URL / SMTP_URL and
 * MAIL_CATCHER_URL), the apps from dist/ (built first unless BENCH_SKIP_BUILD=1).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { partnersRated, pick, randomSource, role } from '../scripts/synthetic-answers.mjs';
import { appEnv, buildApps, cpuOf, freePort, freshDatabase, log, mb, memoryOf, migrate, processTree, root, servicesEnv, startApp, stop } from './support.mjs';

const DATABASE = 'pulse_bench_quarter_end';
const FOOTPRINTS = 42;
const WORKERS = 2;
const PERIOD = '2026-Q3';
const TICK_MS = 1000;
const admin = { email: 'bench-admin@pulse.local', password: `bench-${randomBytes(12).toString('hex')}` };
const LEAD_PASSWORD = `lead-${randomBytes(12).toString('hex')}`;

/** An alert email's subject (alertEmail() in libs/alerts messages.ts); the board report's "ready" email is another. */
const ALERT_SUBJECT = /^\[Partnership Pulse\] (Information|Warning|Critical): /;
const REPORT_SUBJECT = /^\[Partnership Pulse\] The .* board report of .* is ready$/;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** The national registry: the reference file's footprints, or synthetic ones in its absence. */
function footprints() {
  const file = resolve(root, 'data/reference/footprints-2021.csv');
  if (existsSync(file)) {
    const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
    return rows.map((f) => ({ code: f.stp_code, name: f.name, region: { name: f.nhs_region_name, code: f.nhs_region_code } }));
  }
  log('data/reference/footprints-2021.csv is missing: using 42 synthetic footprints');
  return Array.from({ length: FOOTPRINTS }, (_, i) => ({
    code: `E54${String(900000 + i)}`,
    name: `Synthetic footprint ${i + 1}`,
    region: { name: 'Benchmark region', code: `E400000${String(10 + (i % 7))}` },
  }));
}

/**
 * A footprint's members as the members import reads them: an ICB, councils, trusts and GP practices,
 * `size` in all. Codes are synthetic, unique across the registry (footprint `f`).
 */
function membersCsv(f, size) {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const rows = [`Q${letters[f % 26]}${Math.floor(f / 26)}`].map((code) => [code, 'ods', `Synthetic ICB ${f}`, 'icb']);
  for (let i = 0; i < 4; i++) rows.push([`E06${String(f * 10 + i).padStart(6, '0')}`, 'ons', `Synthetic council ${f}-${i}`, 'unitary_authority']);
  for (let i = 0; i < 4; i++) rows.push([`R${letters[f % 26]}${'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[Math.floor(f / 26) * 4 + i]}`, 'ods', `Synthetic trust ${f}-${i}`, 'acute_trust']);
  for (let i = rows.length; i < size; i++) rows.push([`Y${String(f * 100 + i).padStart(5, '0')}`, 'ods', `Synthetic practice ${f}-${i}`, 'gp_practice']);
  return `code,code_system,name,organisation_type,member_from,member_to\n${rows.map((r) => `${r.join(',')},2020-04-01,`).join('\n')}\n`;
}

/** A lead's upload for one round: 3–8 respondents per member but the last (silent), each rating 5–8 partners. */
function pulsesCsv(instrument, codes, mood, random) {
  const own = instrument.questions.filter((q) => q.type !== 'partner_rating' && q.type !== 'free_text');
  const partnerItems = instrument.questions.filter((q) => q.type === 'partner_rating');
  const columns = ['organisation', 'respondent_role', ...own.map((q) => q.key), ...codes.flatMap((code) => partnerItems.map((q) => `${q.key}:${code}`))];
  const rows = [];
  for (const code of codes.slice(0, -1)) {
    const respondents = 3 + Math.floor(random() * 6);
    for (let r = 0; r < respondents; r++) {
      const row = { organisation: code, respondent_role: role(random) };
      for (const q of own) row[q.key] = pick(q, mood + (random() - 0.5) * 0.2, random);
      const partners = partnersRated(codes.filter((c) => c !== code), random);
      for (const partner of partners) for (const q of partnerItems) row[`${q.key}:${partner}`] = pick(q, mood + (random() - 0.5) * 0.3, random);
      rows.push(row);
    }
  }
  return { csv: `${[columns.join(','), ...rows.map((row) => columns.map((c) => row[c] ?? '').join(','))].join('\n')}\n`, responses: rows.length };
}

function api(base) {
  return async (method, path, { token, body, csv, expected } = {}) => {
    const headers = { ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csv !== undefined) headers['Content-Type'] = 'text/csv';
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: csv ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    if (!(expected ?? [200, 201]).includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** A webhook receiver on loopback: every delivery's alert id, by footprint. */
async function webhookReceiver() {
  const deliveries = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { alert } = JSON.parse(body);
      deliveries.push({ alertId: alert.id, footprintId: alert.footprint.id });
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/hooks/pulse`, deliveries, close: () => new Promise((r) => server.close(r)) };
}

async function waitFor(what, probe, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Builds the registry and the open rounds through the API. */
async function seed(call, receiverUrl) {
  const { accessToken: token } = await call('POST', '/auth/login', { body: admin });
  const catalogue = await call('GET', '/instruments?limit=100', { token });
  const instrument = await call('GET', `/instruments/${catalogue.items.find((i) => i.isDefault).id}`, { token });
  const random = randomSource('partnership-pulse-quarter-end');
  const world = [];
  for (const [f, reference] of footprints().entries()) {
    const size = 20 + Math.floor(random() * 41);
    const footprint = await call('POST', '/footprints', { token, body: { ...reference, kind: 'ICS', nation: 'england' } });
    await call('POST', `/footprints/${footprint.id}/members/import`, { token, csv: membersCsv(f, size) });
    // Of this run alone: the SMTP catcher keeps earlier runs' mail.
    const leadEmail = `lead-${footprint.code.toLowerCase()}-${process.pid}@bench.pulse.local`;
    const invited = await call('POST', '/users/invitations', { token, body: { email: leadEmail, displayName: `Lead ${footprint.code}`, grants: [{ role: 'footprint_lead', footprintId: footprint.id }] } });
    await call('POST', '/auth/invitations/accept', { body: { token: invited.invitationToken, password: LEAD_PASSWORD }, expected: [200, 204] });
    const { accessToken: lead } = await call('POST', '/auth/login', { body: { email: leadEmail, password: LEAD_PASSWORD } });
    await call('POST', `/footprints/${footprint.id}/webhooks`, { token: lead, body: { url: receiverUrl, description: 'Quarter-end bench' } });
    const round = await call('POST', `/footprints/${footprint.id}/rounds`, {
      token: lead,
      body: { period: PERIOD, opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString() },
    });
    await call('POST', `/rounds/${round.id}/open`, { token: lead });
    const members = await call('GET', `/footprints/${footprint.id}/members?limit=500`, { token: lead });
    const codes = members.items.map((m) => m.organisation.code);
    const pulses = pulsesCsv(instrument, codes, 0.4 + random() * 0.3, random);
    await call('POST', `/rounds/${round.id}/responses/import`, { token: lead, csv: pulses.csv });
    world.push({ footprintId: footprint.id, roundId: round.id, leadEmail, members: codes.length, responses: pulses.responses });
    if ((f + 1) % 6 === 0) log(`  ${f + 1} footprints built`);
  }
  return world;
}

async function main() {
  const { databaseUrl: serverUrl, redisUrl, smtpUrl, mailCatcherUrl } = servicesEnv();
  if (!smtpUrl || !mailCatcherUrl) throw new Error('the bench counts alert emails at the SMTP catcher of scripts/services.sh: leave SMTP_URL unset');
  buildApps();
  const databaseUrl = await freshDatabase(serverUrl, DATABASE);
  const prefix = `bench-quarter-end-${process.pid}`;
  const env = appEnv({ databaseUrl, redisUrl, queuePrefix: prefix }, {
    // Not production: the webhook receiver listens on loopback, which production refuses as a
    // webhook target (WEBHOOK_ALLOW_PRIVATE_TARGETS). Nothing else the bench measures depends on it.
    NODE_ENV: 'development',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    LOG_LEVEL: 'info',
    SMTP_URL: smtpUrl,
    // Set-up signs in 43 accounts and accepts 42 invitations from one address.
    AUTH_RATE_LIMIT_PER_IP: '100000',
  });
  migrate(env);

  const receiver = await webhookReceiver();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const apiPort = await freePort();
  const apiApp = await startApp('api', { ...env, PORT: String(apiPort), BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: admin.password }, apiPort, 'bench-quarter-end-api.log');
  const workers = [];
  const problems = [];
  try {
    log(`building ${FOOTPRINTS} footprints, their leads, webhooks and answered rounds through the API`);
    const built = performance.now();
    const world = await seed(api(`http://127.0.0.1:${apiPort}`), receiver.url);
    const totals = world.reduce((t, w) => ({ members: t.members + w.members, responses: t.responses + w.responses }), { members: 0, responses: 0 });
    log(`built in ${seconds(performance.now() - built)}: ${totals.members} members, ${totals.responses} responses`);
    // The uploads' provisional rescores would come due during the measurement; the rounds close first, so they would only be skipped.
    await db.query(`DELETE FROM outbox WHERE job_name = 'round.rescore' AND dispatched_at IS NULL`);

    for (let i = 0; i < WORKERS; i++) {
      const port = await freePort();
      workers.push(await startApp('worker', { ...env, WORKER_PORT: String(port), SCHEDULE_TICK_MS: String(TICK_MS) }, port, `bench-quarter-end-worker-${i + 1}.log`));
    }
    // Idle: the invitations (one job per member, sent when the rounds opened) relayed and sent, so
    // that they do not compete with the quarter-end in the same workers and the same queue as the alerts.
    await waitFor('the workers to relay the invitations', async () => (await db.query('SELECT 1 FROM outbox WHERE dispatched_at IS NULL LIMIT 1')).rowCount === 0, 300_000);
    const notifications = new Queue('notifications', { connection: { url: redisUrl }, prefix });
    await waitFor('the workers to send the invitations', async () => {
      const counts = await notifications.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, 600_000);
    await notifications.close();
    const idle = workers.map((w) => memoryOf(w.pid).rss);

    const roundIds = world.map((w) => w.roundId);
    const loadAtStart = loadavg()[0];
    const cpuAtStart = workers.map((w) => cpuOf(w.pid));
    await db.query(`UPDATE round SET closes_at = now() WHERE id = ANY($1::uuid[])`, [roundIds]);
    log('every round is due to close; waiting for the next tick');
    // The peak from here on: the high-water mark of the set-up (invitations) is reset (Linux: clear_refs 5).
    for (const w of workers) for (const pid of processTree(w.pid)) writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const peaks = workers.map(() => 0);
    const sampler = setInterval(() => workers.forEach((w, i) => (peaks[i] = Math.max(peaks[i], memoryOf(w.pid).peak))), 200);
    const scored = await waitFor(
      'every round to be scored',
      async () => {
        const { rows } = await db.query(
          `SELECT min(closed_at) AS closed, max(closed_at) AS "lastClosed", count(*) FILTER (WHERE status = 'scored')::int AS n FROM round WHERE id = ANY($1::uuid[])`,
          [roundIds],
        );
        return rows[0].n === roundIds.length ? rows[0] : undefined;
      },
      900_000,
    );
    const loadAtScored = loadavg()[0];
    const queues = Object.fromEntries(['schedule', 'scoring', 'alerts', 'gate', 'notifications'].map((name) => [name, new Queue(name, { connection: { url: redisUrl }, prefix })]));
    const jobsNamed = async (queue, name, states = ['completed']) => (await queues[queue].getJobs(states)).filter((job) => job.name === name);
    // Every round's alert rules evaluated, so that every alert exists; then every email and webhook sent.
    await waitFor('every round’s alert rules to be evaluated', async () => (await jobsNamed('alerts', 'round.alerts')).length >= roundIds.length, 900_000);
    const { rows: alertRows } = await db.query(`SELECT id, footprint_id FROM alert WHERE round_id = ANY($1::uuid[])`, [roundIds]);
    const delivered = await waitFor(
      'every alert to be emailed and posted',
      async () => {
        const { rows } = await db.query(
          `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS pending, max(sent_at) AS last FROM alert_notification WHERE alert_id = ANY($1::uuid[]) AND channel IN ('email', 'webhook')`,
          [alertRows.map((a) => a.id)],
        );
        return rows[0].pending === 0 ? rows[0] : undefined;
      },
      900_000,
    );
    clearInterval(sampler);
    workers.forEach((w, i) => (peaks[i] = Math.max(peaks[i], memoryOf(w.pid).peak)));
    const loadAtEnd = loadavg()[0];
    const cpuUsed = workers.map((w, i) => cpuOf(w.pid) - cpuAtStart[i]);

    // Checks: every round closed once by the ticks; each scored once; each alert sent once by each channel.
    let closingTicks = 0;
    const phases = {};
    try {
      // Each round closed once, by a tick: one 'round.close' entry each, by the scheduler, naming its tick (the tick jobs themselves are kept only 100 deep).
      const { rows: closes } = await db.query(
        `SELECT entity_id, actor_label, request_id, occurred_at FROM audit_entry WHERE action = 'round.close' AND entity_id = ANY($1::text[])`,
        [roundIds],
      );
      closingTicks = new Set(closes.map((c) => c.request_id)).size;
      const closedOnce = new Set(closes.map((c) => c.entity_id)).size === roundIds.length && closes.length === roundIds.length;
      if (!closedOnce || closes.some((c) => c.actor_label !== 'scheduler')) problems.push(`round.close entries: ${closes.length} for ${roundIds.length} rounds (${new Set(closes.map((c) => c.entity_id)).size} distinct), not all by the scheduler`);
      const finals = await jobsNamed('scoring', 'round.score', ['completed', 'failed', 'active', 'wait', 'delayed']);
      // A job started again after a failed attempt (e.g. a connection timeout on a saturated machine) rolled
      // that attempt back; one started again without a failure (its lock lost) may have run twice at once.
      const retried = finals.filter((job) => job.attemptsStarted > 1 && job.stacktrace.length === job.attemptsStarted - 1);
      const once = finals.length === roundIds.length && finals.every((job) => job.returnvalue?.status === 'scored' && (job.attemptsStarted === 1 || retried.includes(job)));
      if (!once) problems.push(`final scoring jobs: ${finals.length} for ${roundIds.length} rounds, ${finals.filter((j) => j.attemptsStarted !== 1 && !retried.includes(j)).length} started more than once without a failure`);
      phases.retried = retried.length ? `; ${retried.length} retried after a failed attempt (${retried.map((job) => job.stacktrace[0]?.split('\n')[0]).join('; ')})` : '';
      // When the last round's scores were committed: its job finished (scored_at is taken before the scores are written).
      scored.last = Math.max(...finals.map((job) => job.finishedOn));
      // Where the time went, phase by phase, from the tick that closed the rounds (its closed_at):
      // the ticks' transactions, the outbox relay putting the scoring jobs in the queue, the workers
      // taking them, scoring them, and evaluating the alert rules.
      const since = (at) => seconds(at - scored.closed.getTime());
      const alerting = await jobsNamed('alerts', 'round.alerts');
      const byWorker = new Map();
      for (const job of finals) {
        const worker = byWorker.get(job.processedBy) ?? { rounds: 0, ms: 0 };
        byWorker.set(job.processedBy, { rounds: worker.rounds + 1, ms: worker.ms + job.returnvalue.durationMs });
      }
      phases.closing = `the last round closed (closed_at) at ${since(scored.lastClosed.getTime())}`;
      phases.queued = `scoring jobs queued from ${since(Math.min(...finals.map((job) => job.timestamp)))} to ${since(Math.max(...finals.map((job) => job.timestamp)))}`;
      phases.taken = `taken by the workers from ${since(Math.min(...finals.map((job) => job.processedOn)))} to ${since(Math.max(...finals.map((job) => job.processedOn)))}`;
      phases.scored = `scored from ${since(Math.min(...finals.map((job) => job.finishedOn)))} to ${since(scored.last)}`;
      phases.alerts = `alert rules evaluated by ${since(Math.max(...alerting.map((job) => job.finishedOn)))}`;
      // The follow-up work each scored round queues, which competes with the rounds still to score unless it waits (YIELDS_TO).
      const span = async (queue, name) => {
        const jobs = (await jobsNamed(queue, name)).filter((job) => job.timestamp >= scored.closed.getTime());
        if (!jobs.length) return `${name}: none`;
        const busy = jobs.reduce((sum, job) => sum + (job.finishedOn - job.processedOn), 0);
        return `${jobs.length} ${name} run from ${since(Math.min(...jobs.map((job) => job.processedOn)))} to ${since(Math.max(...jobs.map((job) => job.finishedOn)))}, ${seconds(busy)} in all`;
      };
      phases.followUps = [await span('gate', 'round.gate'), await span('alerts', 'round.alerts'), await span('notifications', 'alert.notify')].join('; ');
      phases.shares = [...byWorker.values()].map((w) => `${w.rounds} rounds (${seconds(w.ms)} scoring)`).join(', ') + phases.retried;
      scored.inWorkers = finals.reduce((sum, job) => sum + job.returnvalue.durationMs, 0);
    } finally {
      for (const queue of Object.values(queues)) await queue.close();
    }
    const allScoredMs = scored.last - scored.closed.getTime();
    const allDeliveredMs = delivered.last - scored.closed;
    const { rows: audit } = await db.query(`SELECT entity_id, count(*)::int AS n FROM audit_entry WHERE action = 'round.score' AND entity_id = ANY($1::text[]) GROUP BY entity_id`, [roundIds]);
    const { rows: untold } = await db.query(
      `SELECT status, count(*)::int AS n FROM alert_notification WHERE alert_id = ANY($1::uuid[]) AND channel IN ('email', 'webhook') AND status <> 'sent' GROUP BY status`,
      [alertRows.map((a) => a.id)],
    );
    if (untold.length) problems.push(`alert notifications not delivered: ${untold.map((u) => `${u.n} ${u.status}`).join(', ')}`);
    if (audit.length !== roundIds.length || audit.some((a) => a.n !== 1)) problems.push(`rounds moved to scored: ${audit.length} of ${roundIds.length}, ${audit.filter((a) => a.n !== 1).length} more than once`);
    await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate delivery, were there one
    const byAlert = new Map(alertRows.map((a) => [a.id, { footprintId: a.footprint_id, webhooks: 0 }]));
    for (const d of receiver.deliveries) if (byAlert.has(d.alertId)) byAlert.get(d.alertId).webhooks += 1;
    const webhookWrong = [...byAlert.values()].filter((a) => a.webhooks !== 1).length;
    if (webhookWrong || receiver.deliveries.length !== alertRows.length) problems.push(`webhooks: ${receiver.deliveries.length} deliveries for ${alertRows.length} alerts, ${webhookWrong} alerts not delivered exactly once`);
    let emails = 0;
    let reportEmails = 0;
    for (const w of world) {
      const mail = await (await fetch(`${mailCatcherUrl}/messages?to=${encodeURIComponent(w.leadEmail)}`)).json();
      const alerts = alertRows.filter((a) => a.footprint_id === w.footprintId).length;
      // A lead also gets the round's "board report ready" email (libs/alerts messages.ts): told apart by subject.
      const alertMail = mail.filter((m) => ALERT_SUBJECT.test(m.subject)).length;
      const reportMail = mail.filter((m) => REPORT_SUBJECT.test(m.subject)).length;
      emails += alertMail;
      reportEmails += reportMail;
      if (alertMail !== alerts) problems.push(`${w.leadEmail}: ${alertMail} alert emails for ${alerts} alerts`);
      if (reportMail > 1) problems.push(`${w.leadEmail}: ${reportMail} "board report ready" emails for one round`);
    }

    // The yardstick: the median footprint's round scored again, alone.
    const median = [...world].sort((x, y) => x.responses - y.responses)[Math.floor(world.length / 2)];
    const loadAlone = loadavg()[0];
    const queued = Date.now();
    const aloneId = `round.score-${median.roundId}-alone`;
    await db.query(`INSERT INTO outbox (job_name, payload, job_id) VALUES ('round.score', $1, $2)`, [JSON.stringify({ roundId: median.roundId }), aloneId]);
    const scoringQueue = new Queue('scoring', { connection: { url: redisUrl }, prefix });
    const aloneJob = await waitFor('the median round to be scored alone', async () => ((await scoringQueue.getJob(aloneId))?.finishedOn ? scoringQueue.getJob(aloneId) : undefined), 120_000);
    await scoringQueue.close();
    const aloneMs = aloneJob.finishedOn - queued;
    const aloneInWorker = aloneJob.returnvalue.durationMs;
    const ideal = (aloneMs * roundIds.length) / WORKERS;

    const durability = (await db.query(`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync`)).rows[0];
    const lines = [
      `PostgreSQL fsync=${durability.fsync}, synchronous_commit=${durability.sync}`,
      `registry: ${roundIds.length} footprints, ${totals.members} member organisations (${Math.min(...world.map((w) => w.members))}–${Math.max(...world.map((w) => w.members))} each), ${totals.responses} responses`,
      `due in the same tick, closed by ${closingTicks} tick(s), scored by ${WORKERS} workers (WORKER_CONCURRENCY 2); load average ${loadAtStart.toFixed(1)} at the close, ${loadAtScored.toFixed(1)} when all were scored, ${loadAtEnd.toFixed(1)} at the last alert, on ${availableParallelism()} cores`,
      `phases since the close: ${phases.closing}; ${phases.queued}; ${phases.taken}; ${phases.scored}; ${phases.alerts}`,
      `follow-up jobs since the close: ${phases.followUps}`,
      `time to all scored: ${seconds(allScoredMs)} at load ${loadAtScored.toFixed(1)} (scoring in the workers ${seconds(scored.inWorkers)} in all, ${seconds(scored.inWorkers / roundIds.length)} a round; the workers' shares: ${phases.shares})`,
      `time to all alerts delivered: ${seconds(allDeliveredMs)} at load ${loadAtEnd.toFixed(1)} (${alertRows.length} alerts: ${emails} emails, ${receiver.deliveries.length} webhooks; ${reportEmails} "board report ready" emails so far, at most one per lead)`,
      ...workers.map((w, i) => `worker ${i + 1} peak RSS (VmHWM) from the close to the last alert: ${mb(peaks[i])} (idle before: ${mb(idle[i])}); CPU ${seconds(cpuUsed[i] * 1000)} from the close to the last alert`),
      `one footprint alone (median, ${median.members} members, ${median.responses} responses): ${seconds(aloneMs)} queued to scored, ${seconds(aloneInWorker)} of it scoring in the worker; load average ${loadAlone.toFixed(1)}`,
      `ratio to one footprint × ${roundIds.length} / ${WORKERS}: ${(allScoredMs / ideal).toFixed(2)}   target ≤ 1.5 (to its scoring time in the worker: ${(allScoredMs / ((aloneInWorker * roundIds.length) / WORKERS)).toFixed(2)}); load average ${loadAtScored.toFixed(1)} when all were scored, ${loadAlone.toFixed(1)} alone`,
      problems.length ? `FAILED: ${problems.join('; ')}` : 'nothing scored twice; every alert sent exactly once by email and by webhook',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const worker of workers) await stop(worker);
    await stop(apiApp);
    await receiver.close();
    await db.end();
  }
  if (problems.length) process.exit(1);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
