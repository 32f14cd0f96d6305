import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import type * as AuthHelpers from '../support/auth';
import type * as ScoringFactories from '../support/factories-scoring';
import { alive, databaseOfItsOwn, startWorkerProcess, until, type WorkerProcess } from '../support/processes';

/**
 * The worker's scheduler, as deployed: two real worker processes side by side tick every second,
 * and the suite watches over HTTP what the ticks do without anyone opening or closing a round.
 *
 * The workers' clocks are moved (test/support/clock-offset.cjs) to the tenth day of next quarter,
 * so a quarterly schedule is inside its window whatever today's date. The suite has a database and
 * queues of its own: the workers' ticks act on every round they find.
 */
const API = '/api/v1';
const DAY = 24 * 3600 * 1000;
const TICK_MS = 1000;
/** InvitationsService.REMINDER_WINDOW_MS: reminders go out this long before a round closes. */
const REMINDER_WINDOW = 3 * DAY;

interface AuditEntry {
  action: string;
  actorType: string;
  actorLabel: string | null;
  requestId: string | null;
  after: Record<string, unknown> | null;
}

/** Next quarter, by hand: its label and first instant (UTC). */
function nextQuarter(now: number): { label: string; start: number } {
  const date = new Date(now);
  const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
  const [year, next] = quarter === 4 ? [date.getUTCFullYear() + 1, 1] : [date.getUTCFullYear(), quarter + 1];
  return { label: `${year}-Q${next}`, start: Date.UTC(year, (next - 1) * 3, 1) };
}

describe('surveys: the worker scheduler opens, closes and reminds on its own', () => {
  const prefix = `pulse-test-${process.pid}-scheduler`;
  const quarter = nextQuarter(Date.now());
  // The workers live at 12:00 on the tenth day of next quarter (and their clocks run on from there).
  const clockOffset = quarter.start + 9 * DAY + 12 * 3600_000 - Date.now();
  const workerNow = () => Date.now() + clockOffset;
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let db: Client;
  let queue: Queue;
  let auth: typeof AuthHelpers;
  let scoring: typeof ScoringFactories;
  const workers: WorkerProcess[] = [];

  function startWorker(): Promise<WorkerProcess> {
    return startWorkerProcess(
      {
        NODE_OPTIONS: '-r ./test/support/clock-offset.cjs',
        TEST_CLOCK_OFFSET_MS: String(clockOffset),
        DATABASE_URL: database.url,
        REDIS_URL: process.env.REDIS_URL ?? '',
        QUEUE_PREFIX: prefix,
        SCHEDULE_TICK_MS: String(TICK_MS),
      },
      (worker) => workers.push(worker),
    );
  }

  /** When each completed tick was due (its job id is the scheduler's id and that time), earliest first. */
  async function tickTimes(): Promise<number[]> {
    const jobs = await queue.getJobs(['completed']);
    return jobs.map((job) => Number(String(job.id).split(':').at(-1))).sort((a, b) => a - b);
  }

  async function roundAudit(roundId: string): Promise<AuditEntry[]> {
    const admin = await auth.asAdmin(app);
    const res = await admin.http.get(`${API}/audit-entries?entityType=round&entityId=${roundId}&limit=100`).expect(200);
    // The round's own moves, oldest first (issuing respondent links is audited against the round too).
    return (res.body.items as AuditEntry[]).filter((e) => e.action.startsWith('round.')).reverse();
  }

  beforeAll(async () => {
    database = await databaseOfItsOwn('scheduler');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;

    app = await (await import('../support/app')).startApi();
    auth = await import('../support/auth');
    scoring = await import('../support/factories-scoring');
    db = new Client({ connectionString: database.url });
    await db.connect();
    queue = new Queue('schedule', { connection: { url: process.env.REDIS_URL }, prefix });
  }, 60_000);

  afterAll(async () => {
    if (process.env.DEBUG_WORKERS) for (const worker of workers) process.stdout.write(`--- worker ${worker.process.pid}\n${worker.output.join('')}\n`);
    for (const worker of workers) {
      if (alive(worker)) {
        worker.process.kill('SIGTERM');
        await worker.exited;
      }
    }
    for (const name of ['schedule', 'scoring', 'gate', 'alerts', 'notifications']) {
      const q = new Queue(name, { connection: { url: process.env.REDIS_URL }, prefix });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    await queue?.close();
    await db?.end();
    await app?.close();
    await database?.drop();
  });

  it('opens a scheduled round once when runs overlap, as two workers\' ticks can', async () => {
    const { RoundSchedulesService } = await import('@pp/surveys');
    const world = await scoring.scoringWorld(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
    ]);
    await world.lead.http.put(`${API}/footprints/${world.footprint.id}/round-schedule`).send({ openDay: 3, durationDays: 14 }).expect(200);
    const schedules = app.get(RoundSchedulesService);
    const at = new Date('2021-01-05T12:00:00Z'); // members joined in 2020
    const runs = await Promise.all([schedules.openScheduledRounds(at), schedules.openScheduledRounds(at), schedules.openScheduledRounds(at)]);
    const mine = runs.map((run) => ({
      opened: run.opened.filter((r) => r.footprintId === world.footprint.id).length,
      failed: run.failed.filter((f) => f.footprintId === world.footprint.id),
    }));
    expect(mine.reduce((sum, run) => sum + run.opened, 0)).toBe(1);
    expect(mine.flatMap((run) => run.failed)).toEqual([]);
    const invited = await db.query(`SELECT count(*)::int AS n FROM invitation i JOIN round r ON r.id = i.round_id WHERE r.footprint_id = $1 AND r.period = '2021-Q1'`, [world.footprint.id]);
    expect(invited.rows[0].n).toBe(2);
  });

  it('closes every due round once when runs overlap, each queued for scoring and audited once', async () => {
    const { RoundSchedulesService } = await import('@pp/surveys');
    const due: string[] = [];
    for (let i = 0; i < 3; i++) {
      const world = await scoring.scoringWorld(app, [{ label: 'council', type: 'unitary_authority' }]);
      due.push(await scoring.openRound(world.lead, world.footprint.id, '2025-Q2'));
    }
    const later = await scoring.scoringWorld(app, [{ label: 'council', type: 'unitary_authority' }]);
    const notDue = await later.lead.http
      .post(`${API}/footprints/${later.footprint.id}/rounds`)
      .send({ period: '2025-Q2', opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(Date.now() + 400 * DAY).toISOString() })
      .expect(201);
    await later.lead.http.post(`${API}/rounds/${notDue.body.id}/open`).expect(200);

    // Three overlapping runs at a time when the three rounds (closing a week from now) are due.
    const at = new Date(Date.now() + 8 * DAY);
    const schedules = app.get(RoundSchedulesService);
    const runs = await Promise.all([schedules.closeDueRounds(at), schedules.closeDueRounds(at), schedules.closeDueRounds(at)]);
    const closed = runs.flatMap((run) => run.map((round) => round.id)).filter((id) => id === notDue.body.id || due.includes(id));
    expect(closed.sort()).toEqual([...due].sort());

    const rounds = await db.query(`SELECT id, status, closed_at FROM round WHERE id = ANY($1::uuid[])`, [[...due, notDue.body.id]]);
    expect(Object.fromEntries(rounds.rows.map((r) => [r.id, { status: r.status, closedAt: r.closed_at?.getTime() ?? null }]))).toEqual({
      ...Object.fromEntries(due.map((id) => [id, { status: 'closed', closedAt: at.getTime() }])),
      [notDue.body.id]: { status: 'open', closedAt: null },
    });
    const queued = await db.query(`SELECT payload->>'roundId' AS "roundId", job_id AS "jobId" FROM outbox WHERE job_name = 'round.score' AND payload->>'roundId' = ANY($1::text[])`, [
      [...due, notDue.body.id],
    ]);
    expect(queued.rows.sort((a, b) => (a.roundId < b.roundId ? -1 : 1))).toEqual([...due].sort().map((roundId) => ({ roundId, jobId: `round.score-${roundId}` })));
    const audited = await db.query(`SELECT entity_id FROM audit_entry WHERE action = 'round.close' AND entity_id = ANY($1::text[])`, [[...due, notDue.body.id]]);
    expect(audited.rows.map((r) => r.entity_id).sort()).toEqual([...due].sort());
    for (const id of due) expect((await roundAudit(id)).map((e) => e.action)).toEqual(['round.create', 'round.open', 'round.close']);

    // A later run finds nothing more of these to close.
    expect((await schedules.closeDueRounds(at)).map((round) => round.id).filter((id) => due.includes(id))).toEqual([]);
    // Nothing left for the workers the next test starts: these rounds have no answers to score.
    await db.query(`DELETE FROM outbox WHERE payload->>'roundId' = ANY($1::text[])`, [due]);
  });

  it('opens a scheduled round, closes a due one (then scored), reminds the short and drops expired receipts, audited as the scheduler, once each with two workers', async () => {
    const members = [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
    ] as const;

    // A footprint with a quarterly schedule: its round opens on day 5 of the quarter for 20 days.
    const scheduled = await scoring.scoringWorld(app, [...members]);
    await scheduled.lead.http.put(`${API}/footprints/${scheduled.footprint.id}/round-schedule`).send({ openDay: 5, durationDays: 20 }).expect(200);

    // A round the lead opened, answered, whose closing time will have passed when the workers start.
    const closing = await scoring.scoringWorld(app, [...members]);
    const due = await closing.lead.http
      .post(`${API}/footprints/${closing.footprint.id}/rounds`)
      .send({ period: '2026-Q1', opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(workerNow() + 2000).toISOString() })
      .expect(201);
    await closing.lead.http.post(`${API}/rounds/${due.body.id}/open`).expect(200);
    const { council, trust } = closing.members;
    const respondents = (partner: string) => [1, 2, 3, 3, 4].map((level) => ({ role: 'finance', level, ratings: { [partner]: level } }));
    await scoring.answerByLinks(app, closing.lead, due.body.id, council.id, respondents(trust.id));
    await scoring.answerByLinks(app, closing.lead, due.body.id, trust.id, respondents(council.id));

    // A round closing in less than the reminder window: the council has the one respondent it is
    // expected to have, the trust has none.
    const reminding = await scoring.scoringWorld(app, [...members]);
    const soon = await reminding.lead.http
      .post(`${API}/footprints/${reminding.footprint.id}/rounds`)
      .send({ period: '2026-Q1', opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(workerNow() + REMINDER_WINDOW - 3600_000).toISOString() })
      .expect(201);
    await reminding.lead.http.post(`${API}/rounds/${soon.body.id}/open`).expect(200);
    await reminding.lead.http.patch(`${API}/rounds/${soon.body.id}/invitations/${reminding.members.council.id}`).send({ expectedRespondents: 1 }).expect(200);
    await scoring.answerByLinks(app, reminding.lead, soon.body.id, reminding.members.council.id, [{ role: 'finance', level: 3, ratings: {} }]);

    // Idempotency-Key receipts, one past its 24 hours by the workers' clock and one not.
    const receipt = (key: string, ageHours: number) =>
      db.query(
        `INSERT INTO submission_receipt (footprint_id, round_id, scope, idempotency_key, request_hash, status, body, created_at)
         VALUES ($1, $2, 'u:test', $3, '\\x00', 201, '{}', $4)`,
        [closing.footprint.id, due.body.id, key, new Date(workerNow() - ageHours * 3600_000)],
      );
    await receipt('expired', 25);
    await receipt('kept', 23);

    // Nothing has ticked yet: no worker runs.
    const before = await scheduled.lead.http.get(`${API}/footprints/${scheduled.footprint.id}/rounds`).expect(200);
    expect(before.body.items).toEqual([]);

    const [first, second] = [await startWorker(), await startWorker()];

    // The scheduled round: created and opened by a tick, its members invited.
    const opened = await until('the scheduled round to open', async () => {
      const res = await scheduled.lead.http.get(`${API}/footprints/${scheduled.footprint.id}/rounds`).expect(200);
      return res.body.items.find((r: { status: string }) => r.status === 'open');
    });
    expect(opened).toMatchObject({
      period: quarter.label,
      status: 'open',
      scheduled: true,
      opensAt: new Date(quarter.start + 4 * DAY).toISOString(),
      closesAt: new Date(quarter.start + 24 * DAY).toISOString(),
    });
    const invitations = await scheduled.lead.http.get(`${API}/rounds/${opened.id}/invitations`).expect(200);
    expect(invitations.body.items.map((i: { organisationId: string }) => i.organisationId).sort()).toEqual(
      [scheduled.members.council.id, scheduled.members.trust.id].sort(),
    );

    // The due round: closed by a tick no earlier than its closing time, then scored from the job queued at close.
    const scored = await until('the due round to be closed and scored', async () => {
      const res = await closing.lead.http.get(`${API}/rounds/${due.body.id}`).expect(200);
      return res.body.status === 'scored' ? res.body : undefined;
    });
    expect(new Date(scored.closedAt).getTime()).toBeGreaterThanOrEqual(new Date(due.body.closesAt).getTime());
    const scores = await closing.lead.http.get(`${API}/rounds/${due.body.id}/scores?scope=footprint`).expect(200);
    expect(scores.body.round).toMatchObject({ id: due.body.id, provisional: false, respondents: 10 });
    expect(scores.body.items[0]).toMatchObject({ measure: 'rhi', provisional: false, n: 10 });

    // The round closing soon: only the organisation short of respondents is reminded, once; it stays open.
    const reminded = await until('the trust to be reminded', async () => {
      const res = await reminding.lead.http.get(`${API}/rounds/${soon.body.id}/invitations`).expect(200);
      const items = res.body.items as { organisationId: string; reminderCount: number; lastRemindedAt: string | null }[];
      return items.find((i) => i.organisationId === reminding.members.trust.id)?.reminderCount ? items : undefined;
    });
    // A few more ticks, on either worker, must not remind anyone again within the day.
    const ticked = workerNow();
    await until('three more ticks', async () => (await tickTimes()).some((at) => at > ticked + 2 * TICK_MS));
    const after = await reminding.lead.http.get(`${API}/rounds/${soon.body.id}/invitations`).expect(200);
    const count = (items: { organisationId: string; reminderCount: number }[], id: string) => items.find((i) => i.organisationId === id)?.reminderCount;
    expect(count(reminded, reminding.members.trust.id)).toBe(1);
    expect(count(after.body.items, reminding.members.trust.id)).toBe(1);
    expect(count(after.body.items, reminding.members.council.id)).toBe(0);
    expect((await reminding.lead.http.get(`${API}/rounds/${soon.body.id}`).expect(200)).body.status).toBe('open');

    const receipts = await db.query(`SELECT idempotency_key FROM submission_receipt WHERE scope = 'u:test'`);
    expect(receipts.rows).toEqual([{ idempotency_key: 'kept' }]);

    // The audit log: the scheduler's transitions, each once, traced to the tick that made them.
    const scheduler = { actorType: 'system', actorLabel: 'scheduler', requestId: expect.stringMatching(/^repeat:schedule-tick:\d+$/) };
    const openedTrail = await roundAudit(opened.id);
    expect(openedTrail.map((e) => e.action)).toEqual(['round.create', 'round.open']);
    expect(openedTrail).toEqual([expect.objectContaining(scheduler), expect.objectContaining({ ...scheduler, after: expect.objectContaining({ status: 'open', invited: 2 }) })]);
    const closedTrail = await roundAudit(due.body.id);
    expect(closedTrail.map((e) => [e.action, e.actorType, e.actorLabel])).toEqual([
      ['round.create', 'user', closing.lead.email],
      ['round.open', 'user', closing.lead.email],
      ['round.close', 'system', 'scheduler'],
      ['round.score', 'system', 'scoring'],
    ]);
    expect(closedTrail[2]).toMatchObject(scheduler);
    // Scored by the job the close queued, named in the entry.
    expect(closedTrail[3]).toMatchObject({ requestId: `round.score-${due.body.id}`, before: { status: 'closed' }, after: expect.objectContaining({ status: 'scored' }) });

    // One scheduler however many workers upserted it, and one job per tick: no two ticks share a slot.
    expect(await queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: 'schedule-tick', every: TICK_MS })]);
    const ticks = await tickTimes();
    expect(ticks.length).toBeGreaterThan(3);
    for (const [i, tick] of ticks.entries()) if (i > 0) expect(tick - (ticks[i - 1] as number)).toBeGreaterThanOrEqual(TICK_MS);
    expect(first.process.exitCode).toBeNull();
    expect(second.process.exitCode).toBeNull();

    // A Redis restarted without its data has lost the scheduler: the running workers put it back.
    await queue.removeJobScheduler('schedule-tick');
    const removed = workerNow();
    await until('the ticks to resume', async () => (await tickTimes()).some((at) => at > removed));
    expect(await queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: 'schedule-tick', every: TICK_MS })]);
  }, 240_000);
});
