import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Client } from 'pg';
// The registry itself, so a new queue is watched here too (it lists the queues and imports nothing else).
import { QUEUES, YIELDS_TO } from '../../libs/core/src/jobs/job-registry';
import { uniqueCode } from '../support/factories-registry';
import { mailTo } from '../support/mail';
import { alive, compileApps, databaseOfItsOwn, startAppProcess, until, type WorkerProcess } from '../support/processes';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * A deployment of several hosts, on one machine: two API processes (each the apps' main.js, compiled
 * once for the suite, on a port of its own, as on two hosts behind a load balancer) and three worker
 * processes, all against one PostgreSQL and one Redis, sharing JWT_SECRET and QUEUE_PREFIX. Two
 * workers tick the scheduler every second; the third is started with SCHEDULE_TICK_MS=0.
 *
 * A quarter runs through them over HTTP only: the platform admin (bootstrapped by both API
 * processes starting at once) builds a footprint, a lead accepts an invitation, respondents answer
 * through either API, the lead closes the round, and the workers score it, evaluate its alert rules
 * and send every alert by email (the SMTP catcher) and webhook (a receiver on loopback). Then every
 * record of the work says each job ran once: the outbox, the BullMQ jobs, the workers' metrics, the
 * audit log, and what the SMTP catcher and the webhook receiver got.
 *
 * The suite has a database and queues of its own: the workers act on every row and job they find.
 */
const API = '/api/v1';
const ADMIN = { email: 'ops-admin@pulse.test', password: `admin-${randomBytes(12).toString('hex')}` };
const LEAD_PASSWORD = `lead-${randomBytes(12).toString('hex')}`;
/** Long enough for the last alert's duplicate, were there one, to arrive. */
const SETTLE_MS = 3000;
/** Five processes start at once on a machine that may be running other suites. */
const READY_MS = 240_000;

interface ApiProcess extends WorkerProcess {
  base: string;
}

interface Instrument {
  questions: { key: string; type: string; options: { value: string }[] }[];
}

describe('a deployment of 2 API processes and 3 workers on one PostgreSQL and Redis', () => {
  const prefix = `pulse-test-${process.pid}-multi`;
  const jwtSecret = randomBytes(32).toString('hex');
  const compiledIn = `.data/e2e-build-${process.pid}`;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let db: Client;
  let receiver: WebhookReceiver;
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];

  /** What every process of the deployment shares, as each host's environment would. */
  const shared = (): Record<string, string> => ({
    DATABASE_URL: database?.url ?? '',
    REDIS_URL: process.env.REDIS_URL ?? '',
    QUEUE_PREFIX: prefix,
    JWT_SECRET: jwtSecret,
    SMTP_URL: process.env.SMTP_URL ?? '',
    // Room for a worker's jobs at WORKER_CONCURRENCY=2 (a scoring job holds two connections), and
    // five processes' pools within the test server's max_connections beside the other suites'.
    DATABASE_POOL_SIZE: '10',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  });

  /** The API's main.js: a cluster of API_PROCESSES=1, as each host would run it, on a port of its own. */
  async function startApi(): Promise<ApiProcess> {
    const settings = { ...shared(), API_PROCESSES: '1', BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password };
    const api = { base: '' } as ApiProcess;
    await startAppProcess('api', settings, { compiledIn, readyWithinMs: READY_MS, onStart: (started) => apis.push(Object.assign(api, started, { base: `http://127.0.0.1:${started.port}` })) });
    return api;
  }

  function startWorker(tickMs: number): Promise<WorkerProcess> {
    return startAppProcess('worker', { ...shared(), SCHEDULE_TICK_MS: String(tickMs), WORKER_CONCURRENCY: '2' }, { compiledIn, readyWithinMs: READY_MS, onStart: (worker) => workers.push(worker) });
  }

  /** A JSON call to one API process; throws with the problem's detail unless it answers `expected`. */
  async function call<T = Record<string, unknown>>(api: ApiProcess, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; expected?: number } = {}): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${api.base}${API}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    const expected = options.expected ?? (method === 'POST' ? 201 : 200);
    if (res.status !== expected) throw new Error(`${method} ${path} on port ${api.port} answered ${res.status} (expected ${expected}): ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** One respondent's answers to every scored question: the second-lowest option, and the same for each partner. */
  function lowPulse(instrument: Instrument, partnerIds: string[]): Record<string, unknown> {
    const low = (q: Instrument['questions'][number]) => (q.options[Math.min(1, q.options.length - 1)] as { value: string }).value;
    const own = instrument.questions.filter((q) => q.type !== 'partner_rating' && q.type !== 'free_text' && q.options.length > 0);
    const partner = instrument.questions.filter((q) => q.type === 'partner_rating');
    return {
      respondentRole: 'finance',
      answers: Object.fromEntries(own.map((q) => [q.key, low(q)])),
      partnerRatings: Object.fromEntries(partnerIds.map((id) => [id, Object.fromEntries(partner.map((q) => [q.key, low(q)]))])),
    };
  }

  /** The sum over the workers of a counter in their /metrics, e.g. how many 'round.score' jobs they ran. */
  async function workerCounter(line: RegExp): Promise<number[]> {
    return Promise.all(
      workers.filter(alive).map(async (worker) => {
        const text = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
        return text
          .split('\n')
          .filter((l) => line.test(l))
          .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
      }),
    );
  }

  beforeAll(async () => {
    database = await databaseOfItsOwn('multi');
    db = new Client({ connectionString: database.url });
    await db.connect();
    receiver = await new WebhookReceiver().start();
    compileApps(compiledIn);
    // Side by side, as hosts come up: both API processes bootstrap the admin, all workers upsert the tick.
    await Promise.all([startApi(), startApi(), startWorker(1000), startWorker(1000), startWorker(0)]);
  }, 360_000);

  afterAll(async () => {
    if (process.env.DEBUG_WORKERS) for (const p of [...apis, ...workers]) process.stdout.write(`--- ${p.process.pid}\n${p.output.join('')}\n`);
    for (const p of [...apis, ...workers]) {
      if (alive(p)) {
        p.process.kill('SIGTERM');
        await p.exited;
      }
    }
    for (const name of QUEUES) {
      const queue = new Queue(name, { connection: { url: process.env.REDIS_URL }, prefix });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    await receiver?.stop();
    await db?.end();
    await database?.drop();
    rmSync(compiledIn, { recursive: true, force: true });
  }, 60_000);

  it('runs a quarter through both API processes and scores, alerts and notifies once', async () => {
    const [a, b] = apis as [ApiProcess, ApiProcess];
    // Both processes ran the bootstrap at once; its advisory lock let one create the admin.
    const [{ admins }] = (await db.query(`SELECT count(*)::int AS admins FROM role_grant WHERE role = 'platform_admin'`)).rows;
    expect(admins).toBe(1);
    // A token from one API process is good on the other: they share JWT_SECRET.
    const { accessToken: admin } = await call<{ accessToken: string }>(a, 'POST', '/auth/login', { body: ADMIN, expected: 200 });
    await call(b, 'GET', '/me', { token: admin });

    const code = uniqueCode.footprint();
    const footprint = await call<{ id: string }>(a, 'POST', '/footprints', {
      token: admin,
      body: { code, name: `Footprint ${code}`, kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'E40000010' }, anonymityThreshold: 3 },
    });
    const organisations = [
      { type: 'unitary_authority', code: uniqueCode.unitaryAuthority() },
      { type: 'metropolitan_borough', code: uniqueCode.metropolitanBorough() },
      { type: 'gp_practice', code: uniqueCode.gpPractice() },
      { type: 'gp_practice', code: uniqueCode.gpPractice() },
    ];
    const members: string[] = [];
    for (const [i, organisation] of organisations.entries()) {
      const api = i % 2 ? b : a;
      const created = await call<{ id: string }>(api, 'POST', '/organisations', { token: admin, body: { ...organisation, name: `Member ${organisation.code}` } });
      await call(api, 'POST', `/footprints/${footprint.id}/members`, { token: admin, body: { organisationId: created.id, memberFrom: '2020-04-01' } });
      members.push(created.id);
    }
    const leadEmail = `lead-${randomBytes(4).toString('hex')}@pulse.test`;
    const invited = await call<{ invitationToken: string }>(a, 'POST', '/users/invitations', {
      token: admin,
      body: { email: leadEmail, displayName: 'Lead', grants: [{ role: 'footprint_lead', footprintId: footprint.id }] },
    });
    await call(b, 'POST', '/auth/invitations/accept', { body: { token: invited.invitationToken, password: LEAD_PASSWORD }, expected: 204 });
    const { accessToken: lead } = await call<{ accessToken: string }>(b, 'POST', '/auth/login', { body: { email: leadEmail, password: LEAD_PASSWORD }, expected: 200 });
    await call(a, 'POST', `/footprints/${footprint.id}/webhooks`, { token: lead, body: { url: receiver.url, description: 'Partnership board' } });

    const hour = 3600_000;
    const round = await call<{ id: string }>(a, 'POST', `/footprints/${footprint.id}/rounds`, {
      token: lead,
      body: { period: '2026-Q3', opensAt: new Date(Date.now() - hour).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * hour).toISOString() },
    });
    await call(b, 'POST', `/rounds/${round.id}/open`, { token: lead, expected: 200 });

    // Three members answer, four respondents each, every other submission to the other API process; the fourth stays silent.
    const catalogue = await call<{ items: { id: string; isDefault: boolean }[] }>(a, 'GET', '/instruments?limit=100', { token: lead });
    const instrument = await call<Instrument>(b, 'GET', `/instruments/${catalogue.items.find((i) => i.isDefault)?.id}`, { token: lead });
    let submissions = 0;
    for (const organisationId of members.slice(0, 3)) {
      const links = await call<{ items: { token: string }[] }>(a, 'POST', `/rounds/${round.id}/links`, { token: lead, body: { organisationId, count: 4 } });
      for (const link of links.items) {
        const body = lowPulse(instrument, members.filter((id) => id !== organisationId));
        await call(submissions++ % 2 ? b : a, 'POST', '/pulse/responses', { body, headers: { 'X-Pulse-Token': link.token } });
      }
    }
    await call(b, 'POST', `/rounds/${round.id}/close`, { token: lead, expected: 200 });

    await until('the round to be scored', async () => (await call<{ status: string }>(a, 'GET', `/rounds/${round.id}`, { token: lead })).status === 'scored', 60_000);
    // The silent member alone raises a response-rate alert; the low answers raise more.
    const alerts = await until('the alerts to be raised', async () => {
      const page = await call<{ items: { id: string; summary: string }[] }>(b, 'GET', `/footprints/${footprint.id}/alerts?limit=500`, { token: lead });
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(alerts.some((alert) => alert.summary.endsWith('gave no response this round'))).toBe(true);
    const alertMail = async () => (await mailTo(leadEmail)).filter((m) => alerts.some((alert) => m.subject.includes(alert.summary)));
    await until('every alert to be emailed and posted', async () => (await alertMail()).length >= alerts.length && receiver.received.length >= alerts.length, 60_000);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

    // Each alert went out once by each channel.
    const mail = await alertMail();
    expect(mail).toHaveLength(alerts.length);
    expect(new Set(mail.map((m) => m.subject)).size).toBe(alerts.length);
    const deliveries = receiver.received.map((d) => (JSON.parse(d.body) as { alert: { id: string } }).alert.id);
    expect(deliveries.sort()).toEqual(alerts.map((alert) => alert.id).sort());
    const notifications = await db.query(`SELECT channel, status, count(*)::int AS n FROM alert_notification WHERE footprint_id = $1 GROUP BY channel, status ORDER BY channel`, [footprint.id]);
    expect(notifications.rows).toEqual([
      { channel: 'email', status: 'sent', n: alerts.length },
      { channel: 'in_app', status: 'sent', n: alerts.length },
      { channel: 'webhook', status: 'sent', n: alerts.length },
    ]);

    // Each outbox row went to BullMQ once, although three relays claimed rows side by side; only
    // provisional rescores still inside their debounce window wait (and will be skipped: the round closed).
    const outbox = await db.query(`SELECT job_name, dispatched_at IS NOT NULL AS dispatched, attempts, available_at > now() AS later FROM outbox`);
    expect(outbox.rows.filter((row) => !(row.dispatched ? row.attempts === 1 : row.attempts === 0 && row.later && row.job_name === 'round.rescore'))).toEqual([]);
    const dispatched = new Map<string, number>();
    for (const row of outbox.rows) if (row.dispatched) dispatched.set(row.job_name, (dispatched.get(row.job_name) ?? 0) + 1);
    expect([...dispatched.keys()]).toEqual(expect.arrayContaining(['round.score', 'round.gate', 'round.alerts', 'alert.notify']));

    // Each of those ran once as a BullMQ job, on one of the workers, and none failed or stalled. A job
    // of a queue that yields to scoring (YIELDS_TO) may have started more than once: while scoring had
    // work it went back to wait before doing anything (attemptsStarted counts those starts, attemptsMade
    // only finished attempts).
    const pids = workers.map((w) => `:${w.process.pid}`);
    const ran = new Map<string, number>();
    const ticks: number[] = [];
    for (const name of QUEUES) {
      const queue = new Queue(name, { connection: { url: process.env.REDIS_URL }, prefix });
      try {
        // The scheduler always has its next tick delayed, and may be running one.
        const unfinished = name === 'schedule' ? (['failed'] as const) : (['failed', 'active', 'wait', 'delayed'] as const);
        expect(Object.values(await queue.getJobCounts(...unfinished)).reduce((sum, n) => sum + n, 0)).toBe(0);
        for (const job of await queue.getJobs(['completed'])) {
          const started = name in YIELDS_TO ? Math.min(job.attemptsStarted, 1) : job.attemptsStarted;
          expect({ id: job.id, attemptsMade: job.attemptsMade, started, stalled: job.stalledCounter, failures: job.stacktrace }).toEqual({ id: job.id, attemptsMade: 1, started: 1, stalled: 0, failures: [] });
          expect(pids.some((pid) => job.processedBy?.endsWith(pid))).toBe(true);
          if (name === 'schedule') {
            // The worker started with SCHEDULE_TICK_MS=0 takes no ticks.
            expect(job.processedBy?.endsWith(pids[2] as string)).toBe(false);
            ticks.push(Number(String(job.id).split(':').at(-1)));
          } else {
            ran.set(job.name, (ran.get(job.name) ?? 0) + 1);
          }
        }
      } finally {
        await queue.close();
      }
    }
    expect(Object.fromEntries(ran)).toEqual(Object.fromEntries(dispatched));
    expect(ran.get('round.score')).toBe(1);
    expect(ran.get('round.alerts')).toBe(1);
    expect(ran.get('alert.notify')).toBe(2 * alerts.length);
    // Two workers keep the one job scheduler: one tick a second, never one per worker.
    ticks.sort((x, y) => x - y);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.slice(1).every((at, i) => at - (ticks[i] as number) >= 1000)).toBe(true);

    // The workers' own count of the final scoring runs, and the audit log's record of the round's move to scored.
    const finals = await workerCounter(/^scoring_job_duration_seconds_count\{[^}]*job="round\.score"/);
    expect(finals.reduce((sum, n) => sum + n, 0)).toBe(1);
    const audit = await call<{ items: { action: string }[] }>(a, 'GET', `/audit-entries?entityType=round&entityId=${round.id}&limit=100`, { token: admin });
    expect(audit.items.filter((entry) => entry.action === 'round.score')).toHaveLength(1);

    // Both API processes took submissions, as behind a load balancer.
    for (const api of apis) {
      const text = await (await fetch(`${api.base}/metrics`)).text();
      const served = text.split('\n').filter((l) => /^http_request_duration_seconds_count\{.*method="POST".*route="\/api\/v1\/pulse\/responses".*status="201"/.test(l));
      expect(served.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0)).toBe(submissions / 2);
    }
  }, 180_000);
});
