import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import type * as AuthHelpers from '../support/auth';
import type * as ScoringFactories from '../support/factories-scoring';
import { alive, databaseOfItsOwn, startWorkerProcess, until, type WorkerProcess as Worker } from '../support/processes';

/**
 * The real worker process, several at once: each is started from source as an operator would start
 * it, relays the outbox and runs the scoring queue. A test holds the round's scoring lock to keep a
 * job in flight, then kills or stops the worker running it.
 *
 * The suite has a database and queues of its own, because the workers' outbox relays take every
 * queued job they find.
 */
const API = '/api/v1';
// Long enough that a live worker on a busy machine renews its lock in time; short enough for a test.
const STALLED_MS = 5000;

describe('scoring workers: side by side, killed, stopped', () => {
  const prefix = `pulse-test-${process.pid}-workers`;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let databaseUrl: string;
  let app: INestApplication;
  let db: Client;
  let queue: Queue;
  let auth: typeof AuthHelpers;
  let scoring: typeof ScoringFactories;
  const workers: Worker[] = [];
  const locks: Client[] = [];

  function startWorker(): Promise<Worker> {
    return startWorkerProcess(
      {
        DATABASE_URL: databaseUrl,
        REDIS_URL: process.env.REDIS_URL ?? '',
        QUEUE_PREFIX: prefix,
        WORKER_CONCURRENCY: '1',
        WORKER_STALLED_MS: String(STALLED_MS),
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      },
      (worker) => workers.push(worker),
    );
  }

  async function holdLock(roundId: string): Promise<Client> {
    const holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    const { roundScoringLock } = await import('@pp/scoring');
    await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [roundScoringLock(roundId)]);
    locks.push(holder);
    return holder;
  }

  /** A round of two members, five respondents each, and how to close it (which queues 'round.score-<id>'). */
  async function answeredRound(): Promise<{ roundId: string; close: () => Promise<void> }> {
    const world = await scoring.scoringWorld<'council' | 'trust'>(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
    ]);
    const { council, trust } = world.members;
    const roundId = await scoring.openRound(world.lead, world.footprint.id, '2026-Q3');
    const respondents = (partner: string) => [1, 2, 3, 3, 4].map((level) => ({ role: 'finance', level, ratings: { [partner]: level } }));
    await scoring.answerByLinks(app, world.lead, roundId, council.id, respondents(trust.id));
    await scoring.answerByLinks(app, world.lead, roundId, trust.id, respondents(council.id));
    return { roundId, close: async () => void (await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200)) };
  }

  async function closedRound(): Promise<string> {
    const { roundId, close } = await answeredRound();
    await close();
    return roundId;
  }

  async function state(jobId: string): Promise<{ state: string; processedBy?: string; attemptsMade: number; failedReason?: string } | undefined> {
    const job = await queue.getJob(jobId);
    return job ? { state: await job.getState(), processedBy: job.processedBy, attemptsMade: job.attemptsMade, failedReason: job.failedReason } : undefined;
  }

  async function roundRows(roundId: string): Promise<{ scores: number; distinct: number; status: string }> {
    const [counts] = (await db.query('SELECT count(*)::int AS scores, count(DISTINCT (scope, subject, measure))::int AS distinct FROM score WHERE round_id = $1', [roundId])).rows;
    const [round] = (await db.query('SELECT status FROM round WHERE id = $1', [roundId])).rows;
    return { ...counts, status: round.status };
  }

  beforeAll(async () => {
    database = await databaseOfItsOwn('workers');
    databaseUrl = database.url;
    process.env.DATABASE_URL = databaseUrl;
    process.env.QUEUE_PREFIX = prefix;
    app = await (await import('../support/app')).startApi();
    auth = await import('../support/auth');
    scoring = await import('../support/factories-scoring');
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    queue = new Queue('scoring', { connection: { url: process.env.REDIS_URL }, prefix });
  }, 300_000);

  // Ending the connection releases the lock, also when a test failed while holding it.
  afterEach(async () => {
    for (const lock of locks.splice(0)) await lock.end().catch(() => undefined);
  });

  afterAll(async () => {
    if (process.env.DEBUG_WORKERS) for (const worker of workers) process.stdout.write(`--- worker ${worker.process.pid}\n${worker.output.join('')}\n`);
    for (const worker of workers) if (alive(worker)) worker.process.kill('SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await db?.end();
    await app?.close();
    await database?.drop();
  });

  it('finishes the job of a worker killed mid-job on another worker, leaving exactly one set of scores', async () => {
    const roundId = await closedRound();
    const jobId = `round.score-${roundId}`;
    const lock = await holdLock(roundId);
    const release = async () => lock.end().catch(() => undefined);
    // Two workers, started side by side (each takes a while to start on a busy machine): one relays
    // the job and starts it, and waits on the round's lock, mid-job.
    const started = await Promise.all([startWorker(), startWorker()]);
    const running = await until('the job to start', async () => ((await state(jobId))?.state === 'active' ? await state(jobId) : undefined));
    const first = started.find((worker) => running.processedBy?.endsWith(`:${worker.process.pid}`))!;
    const second = started.find((worker) => worker !== first)!;
    expect(first).toBeDefined();

    const killedAt = Date.now();
    first.process.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The dead worker stops renewing the job's lock; the second worker's stalled-job check takes it over.
    await until(`the second worker to take the job over`, async () => {
      const current = await state(jobId);
      if (current?.state === 'failed') throw new Error(`the job failed instead: ${current.failedReason}\n${second.output.join('')}`);
      return current?.state === 'active' && current.processedBy?.endsWith(`:${second.process.pid}`);
    });
    // Within the bound the README gives: WORKER_STALLED_MS plus one stalled-job check (here 0.8 s),
    // give or take this suite's polling on a busy machine.
    const { stalledCheckInterval } = await import('@pp/core');
    const retakenAfter = Date.now() - killedAt;
    expect(retakenAfter).toBeLessThan(STALLED_MS + stalledCheckInterval(STALLED_MS) + 2000);
    await release();

    const done = await until('the job to complete', async () => ((await state(jobId))?.state === 'completed' ? await state(jobId) : undefined));
    expect(done.processedBy).toMatch(new RegExp(`:${second.process.pid}$`));
    const rows = await roundRows(roundId);
    expect(rows.status).toBe('scored');
    expect(rows.scores).toBeGreaterThan(20);
    expect(rows.distinct).toBe(rows.scores);
    const [run] = (await db.query('SELECT provisional FROM round_scoring WHERE round_id = $1', [roundId])).rows;
    expect(run.provisional).toBe(false);
  }, 400_000);

  it('runs jobs on two workers side by side, each round scored once however many jobs ask for it', async () => {
    while (workers.filter(alive).length < 2) await startWorker();
    expect(workers.filter(alive)).toHaveLength(2);
    const rounds = [await closedRound(), await closedRound(), await closedRound()];
    // A second request to score the first round, e.g. an operator's re-run, racing the one queued at close.
    await db.query(`INSERT INTO outbox (job_name, payload, job_id) VALUES ('round.score', $1, $2)`, [JSON.stringify({ roundId: rounds[0] }), `round.score-${rounds[0]}-again`]);
    const jobIds = [...rounds.map((id) => `round.score-${id}`), `round.score-${rounds[0]}-again`];
    const done = await until('every job to complete', async () => {
      const states = await Promise.all(jobIds.map(state));
      return states.every((s) => s?.state === 'completed') ? states : undefined;
    });
    const live = workers.filter(alive).map((w) => `:${w.process.pid}`);
    expect(done.every((s) => live.some((pid) => s?.processedBy?.endsWith(pid)))).toBe(true);
    for (const roundId of rounds) {
      const rows = await roundRows(roundId);
      expect(rows).toMatchObject({ status: 'scored', distinct: rows.scores });
    }
  }, 180_000);

  it('skips a rescore that comes due after its round closed, without waiting for the round being scored', async () => {
    if (!workers.some(alive)) await startWorker();
    const roundId = await closedRound();
    await until('the round to be scored', async () => (await roundRows(roundId)).status === 'scored');
    // As if the final score were running again: a rescore queued by the round's last submissions must not wait for it.
    await holdLock(roundId);
    const jobId = `round.rescore-${roundId}-late`;
    await db.query(`INSERT INTO outbox (job_name, payload, job_id) VALUES ('round.rescore', $1, $2)`, [JSON.stringify({ roundId }), jobId]);
    await until('the rescore to complete', async () => (await state(jobId))?.state === 'completed', 30_000);
    expect((await queue.getJob(jobId))?.returnvalue).toMatchObject({ status: 'skipped', reason: 'the round is scored; its final score replaces provisional ones' });
  }, 180_000);

  it('finishes its job in flight when stopped, then exits', async () => {
    const [worker, ...others] = workers.filter(alive) as [Worker, ...Worker[]];
    for (const other of others) (other.process.kill('SIGTERM'), await other.exited);
    const { roundId, close } = await answeredRound();
    const jobId = `round.score-${roundId}`;
    const lock = await holdLock(roundId);
    const release = async () => lock.end().catch(() => undefined);
    await close();
    await until('the job to start', async () => (await state(jobId))?.state === 'active');

    worker.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 2 * STALLED_MS));
    expect(alive(worker)).toBe(true);
    await release();

    expect(await worker.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect((await state(jobId))?.state).toBe('completed');
    expect((await roundRows(roundId)).status).toBe('scored');
  }, 180_000);

  it('keeps a failed job with its error for platform admins, without retrying what cannot succeed', async () => {
    const worker = await startWorker();
    const missing = '00000000-0000-4000-8000-00000000dead';
    await db.query(`INSERT INTO outbox (job_name, payload, job_id) VALUES ('round.score', $1, $2)`, [JSON.stringify({ roundId: missing }), `round.score-${missing}`]);
    const failed = await until('the job to fail', async () => ((await state(`round.score-${missing}`))?.state === 'failed' ? await state(`round.score-${missing}`) : undefined));
    expect(failed).toMatchObject({ attemptsMade: 1, failedReason: `Round ${missing} does not exist` });
    const job = await queue.getJob(`round.score-${missing}`);
    // Anything else is retried with exponential backoff before it is kept as failed.
    expect(job?.opts).toMatchObject({ attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnFail: false });

    const admin = await auth.signedInAs(app, { role: 'platform_admin' });
    const res = await admin.http.get(`${API}/admin/jobs?state=failed&queue=scoring`).expect(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `round.score-${missing}`, name: 'round.score', data: { roundId: missing }, failedReason: `Round ${missing} does not exist`, state: 'failed' }),
      ]),
    );
    expect(res.body.counts.scoring.failed).toBeGreaterThanOrEqual(1);
    worker.process.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: null, signal: 'SIGTERM' });
  }, 300_000);
});
