import type { ChildProcess } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import type * as AuthHelpers from '../support/auth';
import { alive, databaseOfItsOwn, freePort, startWorkerProcess, until, type WorkerProcess } from '../support/processes';
import { type RedisServer, startRedis } from '../support/services-of-its-own';
import type * as SurveysHelpers from './surveys-helpers';

/**
 * Redis goes down while pulses are being submitted, and comes back empty: submissions still
 * succeed, the work they queued waits in the outbox, and once Redis is back the API and a real
 * worker process reconnect on their own and every pending job runs.
 *
 * The suite runs a Redis server of its own (stopping the shared one would break the suites running
 * beside it), without persistence, so a restart loses whatever Redis held, and a database of its
 * own, because its worker's outbox relay takes every queued job it finds.
 */
const API = '/api/v1';

interface OutboxRow {
  job_id: string;
  available_at: Date;
  dispatched_at: Date | null;
  attempts: number;
  last_error: string | null;
}

describe('outbox: a Redis outage while pulses are submitted delays work, never loses it', () => {
  const prefix = `pulse-test-${process.pid}-outage`;
  let redisPort: number;
  let redis: RedisServer | undefined;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let worker: WorkerProcess | undefined;
  let app: INestApplication;
  let db: Client;
  let auth: typeof AuthHelpers;
  let surveys: typeof SurveysHelpers;

  /** The outbox has no public read: the rows of the round's debounced rescore, from the database. */
  async function rescoreRows(roundId: string): Promise<OutboxRow[]> {
    const { rows } = await db.query<OutboxRow>(
      `SELECT job_id, available_at, dispatched_at, attempts, last_error FROM outbox WHERE job_name = 'round.rescore' AND payload->>'roundId' = $1 ORDER BY id`,
      [roundId],
    );
    return rows;
  }

  const ready = (url: string) => fetch(url).then((r) => r.status);

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    database = await databaseOfItsOwn('outage');
    process.env.DATABASE_URL = database.url;
    process.env.REDIS_URL = `redis://127.0.0.1:${redisPort}`;
    process.env.QUEUE_PREFIX = prefix;
    // Imported once the settings above are in place: the API reads them when its modules load.
    app = await (await import('../support/app')).startApi();
    auth = await import('../support/auth');
    surveys = await import('./surveys-helpers');
    db = new Client({ connectionString: database.url });
    await db.connect();
    // No scheduler ticks: the suite is about the jobs submissions queue, and its round must stay open until the lead closes it.
    worker = await startWorkerProcess(
      { DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL, QUEUE_PREFIX: prefix, SCHEDULE_TICK_MS: '0' },
      (started) => (worker = started),
    );
  }, 300_000);

  afterAll(async () => {
    if (process.env.DEBUG_WORKERS && worker) process.stdout.write(`--- worker ${worker.process.pid}\n${worker.output.join('')}\n`);
    const stop = async (child: { process: ChildProcess; exited: Promise<unknown> } | undefined) => {
      if (child && alive(child)) child.process.kill('SIGKILL');
      await child?.exited;
    };
    await stop(worker);
    // The API closes its Redis connections before its Redis stops.
    await app?.close();
    await db?.end();
    await stop(redis);
    await database?.drop();
  });

  it('takes every pulse while Redis is down, and runs the rescore they queued once it is back', async () => {
    const world = await surveys.partnership(app, 3);
    const round = await surveys.openRound(world.lead, world.footprint.id);
    const memberIds = world.members.map((m) => m.id);
    const invitations = await surveys.invitationsOf(world.lead, round.id);
    const admin = await auth.asAdmin(app);
    const workerReady = `http://127.0.0.1:${worker!.port}/health/ready`;

    // Single-use links, four per member, issued while everything is up.
    const links: { organisationId: string; token: string }[] = [];
    for (const organisationId of memberIds) {
      const res = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId, count: 4 }).expect(201);
      links.push(...res.body.items.map((item: { token: string }) => ({ organisationId, token: item.token })));
    }
    const respondents = new Set<string>();
    /** When the API took the latest pulse, by its clock: the debounce window it queued a rescore for. */
    let lastSubmittedAt = 0;
    const partnersOf = (organisationId: string) => memberIds.filter((id) => id !== organisationId);
    const byLink = async () => {
      const link = links.shift()!;
      const res = await surveys.request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', link.token).send(surveys.pulseAnswers(partnersOf(link.organisationId)));
      expect(res.status).toBe(201);
      respondents.add(res.body.id);
      lastSubmittedAt = Date.parse(res.body.submittedAt);
    };
    /** Each member's signed-in submitter: 201 the first time, 200 when replacing their response. */
    const bySubmitters = async (status: 200 | 201) => {
      for (const [i, organisationId] of memberIds.entries()) {
        const res = await world.submitters[i]!.http.post(surveys.submitUrl(invitations[organisationId]!)).send(surveys.pulseAnswers(partnersOf(organisationId)));
        expect(res.status).toBe(status);
        respondents.add(res.body.id);
        lastSubmittedAt = Date.parse(res.body.submittedAt);
      }
    };
    const stored = async () => (await world.lead.http.get(`${API}/rounds/${round.id}/response-rates`).expect(200)).body.respondents as number;

    // Redis up: the first pulses.
    await surveys.request(app.getHttpServer()).get('/health/ready').expect(200);
    await bySubmitters(201);
    for (let i = 0; i < 3; i++) await byLink();
    expect(await stored()).toBe(6);

    // Redis dies, forgetting everything it held.
    redis!.process.kill('SIGKILL');
    await redis!.exited;
    await until('the API to report Redis down', async () => (await surveys.request(app.getHttpServer()).get('/health/ready')).status === 503);
    const notReady = await surveys.request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(notReady.body).toMatchObject({ detail: 'Not ready: redis unreachable', errors: [{ field: 'redis', problem: expect.stringMatching(/^is down/) }] });
    await until('the worker to report Redis down', async () => (await ready(workerReady)) === 503);
    const jobsWhileDown = await admin.http.get(`${API}/admin/jobs?queue=scoring`).expect(503);
    expect(JSON.parse(jobsWhileDown.text)).toMatchObject({ status: 503, detail: expect.stringContaining('Redis is unreachable') });

    // Pulses keep coming: new respondents and replaced responses alike are stored.
    await bySubmitters(200);
    for (let i = 0; i < 3; i++) await byLink();
    expect(await stored()).toBe(9);
    // The rescore that will count them waits in PostgreSQL, not in the Redis that is gone.
    const pending = (await rescoreRows(round.id)).filter((row) => row.dispatched_at === null);
    expect(pending.some((row) => row.available_at.getTime() >= lastSubmittedAt)).toBe(true);

    // Once the rescore is due, the relay tries to hand it to Redis, fails and says why; the row stays.
    const failed = await until(
      'the relay to record its failure on a due rescore',
      async () => (await rescoreRows(round.id)).find((row) => row.dispatched_at === null && row.last_error !== null),
      150_000,
    );
    expect(failed.attempts).toBeGreaterThanOrEqual(1);
    expect(failed.last_error).toBeTruthy();

    // Still down: more pulses, in the next debounce window.
    for (let i = 0; i < 6; i++) await byLink();
    expect(await stored()).toBe(15);
    expect(respondents.size).toBe(15);
    const waiting = (await rescoreRows(round.id)).filter((row) => row.dispatched_at === null);
    expect(waiting.map((row) => row.job_id)).toContain(failed.job_id);
    expect(waiting.some((row) => row.available_at.getTime() >= lastSubmittedAt)).toBe(true);
    expect(alive(worker!)).toBe(true);

    // Redis comes back on the same port, empty; the API and the worker reconnect on their own.
    redis = await startRedis(redisPort);
    await until('the API to report Redis up', async () => (await surveys.request(app.getHttpServer()).get('/health/ready')).status === 200, 60_000);
    await until('the worker to report Redis up', async () => (await ready(workerReady)) === 200, 60_000);

    // Every row that waited is relayed, and the worker runs each of its jobs.
    await until('every outbox row to be dispatched', async () => (await db.query('SELECT 1 FROM outbox WHERE dispatched_at IS NULL LIMIT 1')).rowCount === 0, 180_000);
    const jobIds = waiting.map((row) => row.job_id);
    const completed = await until(
      'the rescore jobs to complete',
      async () => {
        const res = await admin.http.get(`${API}/admin/jobs?state=completed&queue=scoring&limit=200`);
        if (res.status !== 200) return undefined;
        const jobs = (res.body.items as { id: string; processedBy: string | null }[]).filter((job) => jobIds.includes(job.id));
        return jobs.length === jobIds.length ? jobs : undefined;
      },
      120_000,
    );
    expect(completed.every((job) => job.processedBy?.endsWith(`:${worker!.process.pid}`))).toBe(true);

    // The provisional scores count every respondent, those who answered during the outage too: they
    // lag the count by k (5), so they cover 10 of the 15 and the round knows of all 15.
    const scores = await world.lead.http.get(`${API}/rounds/${round.id}/scores?scope=footprint`).expect(200);
    expect(scores.body.round).toMatchObject({ id: round.id, provisional: true, respondents: 10, coverage: { respondentsCovered: 10, respondentsSoFar: 15 } });
    expect(scores.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ measure: 'rhi', provisional: true, n: 10 })]));

    // Closing the round queues its final scoring, which the same worker runs.
    await world.lead.http.post(`${API}/rounds/${round.id}/close`).expect(200);
    await until('the round to be scored', async () => (await world.lead.http.get(`${API}/rounds/${round.id}`).expect(200)).body.status === 'scored', 120_000);
    const final = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/scores?scope=footprint`).expect(200);
    expect(final.body.round).toMatchObject({ id: round.id, provisional: false, respondents: 15 });
    expect(alive(worker!)).toBe(true);
  }, 600_000);
});
