import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import type * as SurveysHelpers from './surveys-helpers';
import { alive, startWorkerProcess, until, type WorkerProcess } from '../support/processes';
import { type PostgresOfItsOwn, postgresOfItsOwn } from '../support/services-of-its-own';

/**
 * PostgreSQL failing under the API and the worker: a connection lost mid-request, a restart in the
 * middle of a burst of submissions, an outage of a few seconds, and a power cut (SIGKILL) right
 * after submissions were acknowledged.
 *
 * The suite runs a PostgreSQL of its own, durable as production runs it (fsync and
 * synchronous_commit on), because it stops and kills it: the shared test server serves the suites
 * running beside this one. Redis is the shared one, with queues of the suite's own.
 */
const API = '/api/v1';

interface Link {
  organisationId: string;
  token: string;
}

describe('faults: PostgreSQL restarted, stopped and killed under load', () => {
  const prefix = `pulse-test-${process.pid}-pgfaults`;
  let pg: PostgresOfItsOwn;
  let app: INestApplication;
  let db: Client;
  let surveys: typeof SurveysHelpers;
  /** A real worker process, whose log the suite reads: it serves readiness and answers errors as the API does (configureHttp). */
  let worker: WorkerProcess | undefined;

  /** A connection of the suite's own that survives restarts: made afresh for each question. */
  async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const http = () => surveys.request(app.getHttpServer());
  const statusOf = (url: string) => fetch(url).then((r) => r.status).catch(() => 0);

  /** A partnership of three with an open round and `perMember` single-use links for each member. */
  async function openRoundWithLinks(perMember: number) {
    const world = await surveys.partnership(app, 3);
    const round = await surveys.openRound(world.lead, world.footprint.id);
    const links: Link[] = [];
    for (const member of world.members) {
      const res = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId: member.id, count: perMember }).expect(201);
      links.push(...res.body.items.map((item: { token: string }) => ({ organisationId: member.id, token: item.token })));
    }
    const partnersOf = (organisationId: string) => world.members.map((m) => m.id).filter((id) => id !== organisationId);
    const submit = (link: Link, key: string) =>
      http().post(`${API}/pulse/responses`).set('X-Pulse-Token', link.token).set('Idempotency-Key', key).send(surveys.pulseAnswers(partnersOf(link.organisationId)));
    return { world, round, links, submit };
  }

  /** Responses stored for `roundId`, and how many of them lack any of their rows (two partner ratings each, in a round of three). */
  async function stored(roundId: string): Promise<{ ids: Set<string>; incomplete: number }> {
    const rows = await query<{ id: string; ratings: number }>(
      'SELECT r.id, (SELECT count(*) FROM response_partner_rating p WHERE p.response_id = r.id)::int AS ratings FROM response r WHERE r.round_id = $1',
      [roundId],
    );
    return { ids: new Set(rows.map((r) => r.id)), incomplete: rows.filter((r) => r.ratings !== 2).length };
  }

  /**
   * Waits until a backend of the API sits blocked on a lock in a statement matching `pattern`, and
   * returns its pid. Asked on a connection of its own each time, never on `db`: a session reads
   * pg_stat_activity once per transaction and keeps that snapshot until it ends, so polled from the
   * transaction holding the lock it kept answering what the first poll saw, before the API's
   * statement had reached the lock (the test then passed or failed on timing alone).
   */
  function blockedBackend(pattern: string): Promise<number> {
    return until(`a statement like ${pattern} to wait on the lock`, async () => {
      const rows = await query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE $1`, [pattern]);
      return rows[0]?.pid;
    }, 90_000);
  }

  /**
   * Runs `body` while this test's own session holds `table` locked, so the API's statements on it
   * wait; the lock is released whatever happens, so a failing test never leaves the next one hung.
   */
  async function whileLocked<T>(table: string, body: () => Promise<T>): Promise<T> {
    await db.query('BEGIN');
    try {
      await db.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      return await body();
    } finally {
      await db.query('COMMIT').catch(() => undefined);
    }
  }

  beforeAll(async () => {
    pg = await postgresOfItsOwn();
    process.env.DATABASE_URL = pg.url;
    process.env.QUEUE_PREFIX = prefix;
    // Imported once the settings above are in place: the API reads them when its modules load.
    app = await (await import('../support/app')).startApi();
    surveys = await import('./surveys-helpers');
    db = new Client({ connectionString: pg.url });
    // It dies with the server in the later tests, which no longer use it.
    db.on('error', () => undefined);
    await db.connect();
    const settings = { DATABASE_URL: pg.url, REDIS_URL: process.env.REDIS_URL ?? '', QUEUE_PREFIX: prefix, SCHEDULE_TICK_MS: '0', WORKER_STALLED_MS: '5000' };
    worker = await startWorkerProcess(settings, (started) => (worker = started));
  }, 400_000);

  afterAll(async () => {
    if (process.env.DEBUG_WORKERS && worker) process.stdout.write(`--- worker ${worker.process.pid}\n${worker.output.join('')}\n`);
    if (worker && alive(worker)) worker.process.kill('SIGKILL');
    await worker?.exited;
    await db?.end().catch(() => undefined);
    await app?.close();
    await pg?.destroy();
  });

  it('runs a read whose connection was lost once more, on a fresh connection, and answers it', async () => {
    const { world, round } = await openRoundWithLinks(1);
    // The lead's read waits on a lock; its backend is terminated under it, as a restart would.
    const { read } = await whileLocked('invitation', async () => {
      const pending = world.lead.http.get(`${API}/rounds/${round.id}/response-rates`).then((res) => res);
      const pid = await blockedBackend('%invitation%');
      await db.query('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { read: pending };
    });
    const res = await read;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ respondents: 0 });
  }, 120_000);

  it('answers a submission whose connection was lost 503 with Retry-After, having stored nothing; its retry with the same Idempotency-Key is stored once', async () => {
    const { round, links, submit } = await openRoundWithLinks(1);
    const link = links[0]!;
    const lost = await whileLocked('response', async () => {
      const first = submit(link, 'retry-me').then((res) => res);
      const pid = await blockedBackend('%response%');
      await db.query('SELECT pg_terminate_backend($1)', [pid]);
      return await first;
    });
    expect(lost.status).toBe(503);
    expect(lost.headers['retry-after']).toMatch(/^\d+$/);
    expect(lost.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(lost.body).toMatchObject({ status: 503, detail: expect.stringContaining('Retry-After') });
    expect((await stored(round.id)).ids.size).toBe(0);

    const retried = await submit(link, 'retry-me').expect(201);
    const again = await submit(link, 'retry-me').expect(201);
    expect(again.body.id).toBe(retried.body.id);
    expect(await stored(round.id)).toEqual({ ids: new Set([retried.body.id]), incomplete: 0 });
  }, 120_000);

  it('survives a restart in the middle of a burst of submissions: 503 with Retry-After, never 500, nothing half-written, every acknowledged one kept', async () => {
    const { world, round, links, submit } = await openRoundWithLinks(30);
    const statuses = new Map<number, number>();
    const acknowledged = new Set<string>();
    let withoutRetryAfter = 0;
    let restarted: Promise<void> | undefined;
    const queue = links.map((link, i) => ({ link, key: `burst-${i}` }));
    // Six clients, each taking the next link, retrying a 503 after Retry-After with the same key, as a careful client does.
    const client = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (let attempt = 1; ; attempt++) {
          const res = await submit(next.link, next.key);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) {
            acknowledged.add(res.body.id);
            break;
          }
          if (res.status !== 503 || attempt === 10) throw new Error(`submission answered ${res.status}: ${JSON.stringify(res.body)}`);
          if (!/^\d+$/.test(res.headers['retry-after'] ?? '')) withoutRetryAfter++;
          await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers['retry-after'] ?? 1)));
        }
        // A third of the way through, PostgreSQL restarts under the clients still submitting.
        if (acknowledged.size === 30 && !restarted) restarted = pg.restart();
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    await restarted;

    expect(acknowledged.size).toBe(links.length);
    expect([...statuses.keys()].every((status) => status === 201 || status === 503)).toBe(true);
    // The restart did catch submissions in flight, and each was asked to come back.
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(withoutRetryAfter).toBe(0);
    expect(await stored(round.id)).toEqual({ ids: acknowledged, incomplete: 0 });

    // Nothing restarted but PostgreSQL: the API and the worker carry on, and the round is scored.
    await until('the worker to be ready', async () => (await statusOf(`http://127.0.0.1:${worker!.port}/health/ready`)) === 200, 30_000);
    await http().get('/health/ready').expect(200);
    await world.lead.http.post(`${API}/rounds/${round.id}/close`).expect(200);
    await until('the round to be scored', async () => (await world.lead.http.get(`${API}/rounds/${round.id}`)).body.status === 'scored', 60_000);
    const scores = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/scores?scope=footprint`).expect(200);
    expect(scores.body.round).toMatchObject({ id: round.id, respondents: links.length });
    expect(alive(worker!)).toBe(true);
  }, 180_000);

  it('logs an outage once when it starts and once when it ends, however often readiness is polled meanwhile', async () => {
    const workerReady = `http://127.0.0.1:${worker!.port}/health/ready`;
    await until('the worker to be ready', async () => (await statusOf(workerReady)) === 200, 30_000);
    const from = worker!.output.length;
    // Past the 5 s after the burst's restart in which failures still count as part of that outage (Outages).
    await new Promise((resolve) => setTimeout(resolve, 6000));

    await pg.stop();
    let failedPolls = 0;
    // Down for 4 s and at least ten failed polls: on a loaded machine four seconds hold fewer polls.
    const downFor = Date.now() + 4000;
    const downAtMost = Date.now() + 30_000;
    while ((Date.now() < downFor || failedPolls < 10) && Date.now() < downAtMost) {
      // Readiness polled five times a second, and a read through the API, as clients keep coming.
      const [ready, read] = await Promise.all([statusOf(workerReady), http().get('/health/ready')]);
      failedPolls += Number(ready === 503);
      expect(read.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await pg.start();
    await until('the worker to be ready again', async () => (await statusOf(workerReady)) === 200, 30_000);
    await until('the API to be ready again', async () => (await http().get('/health/ready')).status === 200, 30_000);

    expect(failedPolls).toBeGreaterThanOrEqual(10);
    const lines = worker!.output.slice(from).join('').split('\n').filter(Boolean);
    const said = (text: string) => lines.filter((line) => line.includes(text)).length;
    expect({ down: said('postgres is unreachable'), up: said('postgres is reachable again') }).toEqual({ down: 1, up: 1 });
    // No error-level line, and no stack trace, for what was an outage, not a fault of the code.
    expect(lines.filter((line) => /"level":50|"stack"/.test(line))).toEqual([]);
  }, 120_000);

  it('keeps every acknowledged submission when PostgreSQL is killed right after acknowledging them (SIGKILL, as a power cut)', async () => {
    const { round, links, submit } = await openRoundWithLinks(10);
    const acknowledged = await Promise.all(links.map(async (link, i) => (await submit(link, `kill-${i}`).expect(201)).body.id as string));
    // The moment the last acknowledgement arrived: every process of the server dies at once, nothing flushed on the way out.
    await pg.kill();
    await pg.start();
    expect(await stored(round.id)).toEqual({ ids: new Set(acknowledged), incomplete: 0 });
    await until('the API to be ready', async () => (await http().get('/health/ready')).status === 200, 30_000);
  }, 120_000);
});
