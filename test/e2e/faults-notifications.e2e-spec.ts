import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type * as AlertsHelpers from './alerts-helpers';
import type * as Mail from '../support/mail';
import { freePort, until } from '../support/processes';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * Alert notifications while their targets fail: the SMTP relay unreachable for a while, a webhook
 * target answering 500 or never answering. Sent through a real BullMQ queue of the suite's own and
 * the worker's notifications processor, to the real SMTP catcher and a real webhook receiver.
 *
 * The relay's outage is a loopback TCP relay of the suite's own in front of the shared SMTP catcher
 * (which serves the suites running beside this one): closed, connections to it are refused, as
 * they are to a relay that is down.
 */
const API = '/api/v1';
/** The NOTIFICATION_ATTEMPTS of the suite's queue: 2 s + 4 s of backoff, a retry window a test can wait out. */
const NOTIFICATION_ATTEMPTS = 3;

/** Forwards connections on `port` to the SMTP catcher while open; refuses them while closed. */
class SmtpRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

describe('faults: alert emails and webhooks whose targets fail', () => {
  const prefix = `pulse-test-${process.pid}-notify-faults`;
  let relay: SmtpRelay;
  let mailTo: typeof Mail.mailTo;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let queue: Queue;
  let db: DataSource;
  let alerts: typeof AlertsHelpers;
  /** Retries quick enough for a test: the queue's own backoff is 2 s doubling over NOTIFICATION_ATTEMPTS (12 by default). */
  const quickRetries = { attempts: 4, backoff: { type: 'exponential', delay: 300 }, removeOnFail: false };

  beforeAll(async () => {
    const catcher = new URL(process.env.SMTP_URL ?? '');
    relay = new SmtpRelay(await freePort(), { host: catcher.hostname, port: Number(catcher.port) });
    await relay.open();
    // Read when the modules load: every email of this suite goes through the relay.
    process.env.SMTP_URL = `smtp://127.0.0.1:${relay.port}`;
    process.env.QUEUE_PREFIX = prefix;
    // Loaded only now: support/mail imports @pp/core, whose settings would otherwise be read before SMTP_URL points at the relay.
    mailTo = (await import('../support/mail')).mailTo;
    app = await (await import('../support/app')).startApi();
    alerts = await import('./alerts-helpers');
    const { Test } = await import('@nestjs/testing');
    const { AlertsWorkerModule } = await import('@pp/alerts');
    const { ScoringWorkerModule } = await import('@pp/scoring');
    const { JOB_QUEUE_OPTIONS } = await import('@pp/core');
    const connection = { url: process.env.REDIS_URL as string };
    worker = await Test.createTestingModule({ imports: [ScoringWorkerModule, AlertsWorkerModule] })
      .overrideProvider(JOB_QUEUE_OPTIONS)
      .useValue({ connection, prefix, notificationAttempts: NOTIFICATION_ATTEMPTS })
      .compile();
    const { NotificationsProcessor } = await import('../../libs/alerts/src/notifications/notifications.processor');
    // Only the notifications worker runs: the jobs are added here, not relayed from the outbox.
    worker.get(NotificationsProcessor).onApplicationBootstrap();
    queue = new Queue('notifications', { connection, prefix });
    db = app.get((await import('typeorm')).DataSource);
  }, 300_000);

  afterAll(async () => {
    const { NotificationsProcessor } = await import('../../libs/alerts/src/notifications/notifications.processor');
    await worker?.get(NotificationsProcessor).beforeApplicationShutdown();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await worker?.close();
    await app?.close();
    await relay?.close();
  });

  /** A partnership whose two rounds raise two dyad alerts (both members' views of each other drop 21 points). */
  async function withAlerts(): Promise<AlertsHelpers.Partnership> {
    const world = await alerts.partnership(app);
    for (const [period, rating] of [
      ['2026-Q1', 'excellent'],
      ['2026-Q2', 'good'],
    ] as const) {
      const roundId = await alerts.runQuarter(worker, world, { period, councilRatesTrust: [rating, rating, rating], trustRatesCouncil: [rating, rating, rating] });
      await alerts.evaluateAlerts(worker, roundId);
    }
    return world;
  }

  /** Where the alert's emails and webhooks stand, as its lead reads them through the API. */
  async function deliveriesSeenBy(world: AlertsHelpers.Partnership, alertId: string) {
    const res = await world.lead.http.get(`${API}/alerts/${alertId}`).expect(200);
    return res.body.notifications as { channel: string; recipientId: string; address: string; status: string; attempts: number; lastError: string | null; deliveredAt: string | null }[];
  }

  const notification = (id: string) => db.query('SELECT status, attempts, last_error AS "lastError", address FROM alert_notification WHERE id = $1', [id]).then((rows) => rows[0]);

  it('retries alert emails while the SMTP relay is unreachable and delivers each once when it is back', async () => {
    const world = await withAlerts();
    const emails: { id: string; address: string; alertId: string }[] = await db.query(
      "SELECT id, address, alert_id AS \"alertId\" FROM alert_notification WHERE footprint_id = $1 AND channel = 'email' ORDER BY created_at",
      [world.footprint.id],
    );
    expect(emails.length).toBeGreaterThanOrEqual(2);
    const address = emails[0]!.address;
    expect(await mailTo(address)).toEqual([]);

    await relay.close();
    // Six attempts over about 15 s: time enough to look at the failures before the relay comes back within the window.
    const withinWindow = { ...quickRetries, attempts: 6, backoff: { type: 'exponential', delay: 500 } };
    for (const { id } of emails) await queue.add('alert.notify', { notificationId: id }, { ...withinWindow, jobId: `alert.notify-${id}-${randomUUID()}` });
    // Each is tried, fails on the refused connection and waits for its next attempt, still pending (or claimed by the attempt under way).
    await until('every email to have failed twice', async () => (await Promise.all(emails.map(({ id }) => notification(id)))).every((row) => row.attempts >= 2), 30_000);
    for (const { id } of emails) expect(await notification(id)).toMatchObject({ status: expect.stringMatching(/^(pending|sending)$/), lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(await mailTo(address)).toEqual([]);
    // The lead sees each email still being retried, and why, on its alert.
    for (const { alertId } of emails) {
      expect(await deliveriesSeenBy(world, alertId)).toEqual([
        { channel: 'email', recipientId: expect.any(String), address, status: expect.stringMatching(/^(retrying|sending)$/), attempts: expect.any(Number), lastError: expect.stringMatching(/ECONNREFUSED/), deliveredAt: null },
      ]);
    }

    await relay.open();
    await until('every email to be sent', async () => (await Promise.all(emails.map(({ id }) => notification(id)))).every((row) => row.status === 'sent'), 30_000);
    for (const { id } of emails) expect(await notification(id)).toMatchObject({ status: 'sent', lastError: null });
    for (const { alertId } of emails) expect(await deliveriesSeenBy(world, alertId)).toEqual([expect.objectContaining({ channel: 'email', status: 'delivered', lastError: null, deliveredAt: expect.any(String) })]);
    // Once each: the lead has one email per alert, whatever the failed attempts before.
    await until('the emails to arrive', async () => (await mailTo(address)).length >= emails.length, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const received = await mailTo(address);
    expect(received).toHaveLength(emails.length);
    expect(new Set(received.map((mail) => mail.messageId)).size).toBe(emails.length);
  }, 180_000);

  it('marks an alert email failed where its lead sees it once the SMTP relay stays unreachable past NOTIFICATION_ATTEMPTS, and sends nothing later', async () => {
    const world = await withAlerts();
    const [email]: { id: string; address: string; alertId: string }[] = await db.query(
      "SELECT id, address, alert_id AS \"alertId\" FROM alert_notification WHERE footprint_id = $1 AND channel = 'email' ORDER BY created_at LIMIT 1",
      [world.footprint.id],
    );
    await relay.close();
    try {
      // Queued as the outbox relay queues it, with the queue's options: NOTIFICATION_ATTEMPTS (3 here, see beforeAll) 2 s apart doubling.
      const { OutboxRelay } = await import('@pp/core');
      const job = await worker.get(OutboxRelay).queue('notifications').add('alert.notify', { notificationId: email!.id }, { jobId: `alert.notify-${email!.id}-${randomUUID()}` });
      expect(job.opts).toMatchObject({ attempts: NOTIFICATION_ATTEMPTS, backoff: { type: 'exponential', delay: 2000 } });
      await until('the email to be marked failed', async () => (await notification(email!.id)).status === 'failed', 60_000);
      expect(await deliveriesSeenBy(world, email!.alertId)).toEqual([
        { channel: 'email', recipientId: expect.any(String), address: email!.address, status: 'failed', attempts: NOTIFICATION_ATTEMPTS, lastError: expect.stringMatching(/ECONNREFUSED/), deliveredAt: null },
      ]);
    } finally {
      await relay.open();
    }
    // Out of attempts means given up: the relay back, nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await mailTo(email!.address)).toEqual([]);
    expect(await notification(email!.id)).toMatchObject({ status: 'failed', attempts: NOTIFICATION_ATTEMPTS });
  }, 180_000);

  /** A webhook endpoint of the partnership's, and a notification of `alertId` to it (created as the planner would have, the endpoint being newer than the alert). */
  async function webhookFor(world: AlertsHelpers.Partnership, alertId: string, receiver: WebhookReceiver): Promise<{ id: string; endpointId: string }> {
    const created = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: receiver.url }).expect(201);
    const [row] = await db.query(
      `INSERT INTO alert_notification (footprint_id, alert_id, channel, recipient_id, address, status) VALUES ($1, $2, 'webhook', $3, $4, 'pending') RETURNING id`,
      [world.footprint.id, alertId, created.body.id, receiver.url],
    );
    return { id: row.id, endpointId: created.body.id };
  }

  async function firstEmail(world: AlertsHelpers.Partnership): Promise<{ id: string; address: string; alertId: string }> {
    const [email] = await db.query(
      "SELECT id, address, alert_id AS \"alertId\" FROM alert_notification WHERE footprint_id = $1 AND channel = 'email' ORDER BY created_at LIMIT 1",
      [world.footprint.id],
    );
    return email;
  }

  it('sends an alert email and webhook once when their delivery cannot be recorded after the relay and receiver accepted them, and records it on the retry', async () => {
    const world = await withAlerts();
    const receiver = await new WebhookReceiver([204]).start();
    // The fault: PostgreSQL refuses to mark these two notifications sent (as when the pool's connections time out under load), until the trigger is dropped.
    const fault = `test_fault_${process.pid}_${Date.now()}`;
    try {
      const email = await firstEmail(world);
      const webhook = await webhookFor(world, email.alertId, receiver);
      const ids = [email.id, webhook.id];
      await db.query(
        `CREATE FUNCTION ${fault}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
           IF NEW.status = 'sent' AND NEW.id IN ('${email.id}', '${webhook.id}') THEN RAISE EXCEPTION 'injected fault: the delivered-write fails'; END IF;
           RETURN NEW;
         END $$`,
      );
      await db.query(`CREATE TRIGGER ${fault} BEFORE UPDATE ON alert_notification FOR EACH ROW EXECUTE FUNCTION ${fault}()`);
      try {
        for (const id of ids) await queue.add('alert.notify', { notificationId: id }, { ...quickRetries, attempts: 8, backoff: { type: 'exponential', delay: 500 }, jobId: `alert.notify-${id}` });
        // Each attempt had its message accepted, tried to record it for a few seconds, and kept the outcome with its job for the retry.
        await until('both outcomes to be kept with their jobs', async () => (await Promise.all(ids.map((id) => queue.getJob(`alert.notify-${id}`)))).every((job) => job?.data.unrecorded?.accepted === true), 60_000);
        await until('the email to arrive', async () => (await mailTo(email.address)).length >= 1, 10_000);
        expect(receiver.received).toHaveLength(1);
        // Meanwhile the lead sees both still being sent, not failed and not delivered twice.
        const seen = await deliveriesSeenBy(world, email.alertId);
        expect(seen.map((d) => [d.channel, d.status, d.attempts])).toEqual(expect.arrayContaining([['email', 'sending', 1], ['webhook', 'sending', 1]]));
      } finally {
        await db.query(`DROP TRIGGER IF EXISTS ${fault} ON alert_notification`);
        await db.query(`DROP FUNCTION IF EXISTS ${fault}()`);
      }
      await until('both to be recorded sent', async () => (await Promise.all(ids.map(notification))).every((row) => row.status === 'sent'), 60_000);
      const seen = await deliveriesSeenBy(world, email.alertId);
      for (const channel of ['email', 'webhook']) {
        expect(seen.find((d) => d.channel === channel)).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, deliveredAt: expect.any(String) });
      }
      // Retried until the write went through, and nothing sent again.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await mailTo(email.address)).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
      const log = await world.lead.http.get(`${API}/webhooks/${webhook.endpointId}/deliveries`).expect(200);
      expect(log.body.items.map((d: { attempt: number; statusCode: number; succeeded: boolean }) => [d.attempt, d.statusCode, d.succeeded])).toEqual([[1, 204, true]]);
    } finally {
      await receiver.stop();
    }
  }, 180_000);

  it('sends nothing, and shows the lead "unknown", for an alert email and webhook whose earlier attempt claimed them and stopped without an outcome', async () => {
    const world = await withAlerts();
    const receiver = await new WebhookReceiver([204]).start();
    try {
      const email = await firstEmail(world);
      const webhook = await webhookFor(world, email.alertId, receiver);
      // As a worker leaves them that died between the relay's answer and its write: claimed long ago, no outcome.
      await db.query(
        "UPDATE alert_notification SET status = 'sending', attempts = 1, claimed_at = now() - interval '10 minutes', claim_token = gen_random_uuid() WHERE id = ANY($1::uuid[])",
        [[email.id, webhook.id]],
      );
      for (const id of [email.id, webhook.id]) await queue.add('alert.notify', { notificationId: id }, { ...quickRetries, jobId: `alert.notify-${id}` });
      await until('both to be marked unknown', async () => (await Promise.all([email.id, webhook.id].map(notification))).every((row) => row.status === 'unknown'), 30_000);
      const seen = await deliveriesSeenBy(world, email.alertId);
      for (const channel of ['email', 'webhook']) {
        expect(seen.find((d) => d.channel === channel)).toMatchObject({ status: 'unknown', attempts: 1, lastError: expect.stringMatching(/recorded no outcome.*Not sent again/), deliveredAt: null });
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await mailTo(email.address)).toEqual([]);
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.stop();
    }
  }, 180_000);

  it("marks 'unknown', at the scheduler's sweep and once, an alert email and webhook left 'sending' with no job to retry them, and leaves a fresh claim or one whose retry is queued to that retry", async () => {
    const world = await withAlerts();
    const receiver = await new WebhookReceiver([204]).start();
    const { StaleClaims } = await import('@pp/alerts');
    const sweeps = worker.get(StaleClaims);
    let retried: { id: string; endpointId: string } | undefined;
    try {
      const email = await firstEmail(world);
      const orphan = await webhookFor(world, email.alertId, receiver);
      retried = await webhookFor(world, email.alertId, receiver);
      const fresh = await webhookFor(world, email.alertId, receiver);
      // As a worker leaves them that died after claiming: the email's and one webhook's jobs gone (Redis lost them, or out of attempts) ...
      await db.query(
        "UPDATE alert_notification SET status = 'sending', attempts = 1, claimed_at = now() - interval '10 minutes', claim_token = gen_random_uuid() WHERE id = ANY($1::uuid[])",
        [[email.id, orphan.id, retried.id]],
      );
      // ... another webhook's retry waiting in the queue (it will settle the claim itself), and a claim a send may still hold.
      await queue.add('alert.notify', { notificationId: retried.id }, { ...quickRetries, jobId: `alert.notify-${retried.id}`, delay: 3_600_000 });
      await db.query("UPDATE alert_notification SET status = 'sending', attempts = 1, claimed_at = now() - interval '10 seconds', claim_token = gen_random_uuid() WHERE id = $1", [fresh.id]);

      // The email's job is still in the outbox (this suite relays nothing): a job to come, left to it.
      const first = await sweeps.sweep();
      expect(first).toContain(orphan.id);
      for (const left of [email.id, retried.id, fresh.id]) expect(first).not.toContain(left);
      // Relayed, and lost with Redis: two workers' ticks side by side mark each claim once.
      await db.query('UPDATE outbox SET dispatched_at = now() WHERE job_id = $1', [`alert.notify-${email.id}`]);
      const marked = (await Promise.all([sweeps.sweep(), sweeps.sweep()])).flat();
      expect(marked.filter((id) => id === email.id)).toHaveLength(1);
      expect(marked).not.toContain(orphan.id);
      expect(marked).not.toContain(retried.id);
      expect(marked).not.toContain(fresh.id);
      const seen = await deliveriesSeenBy(world, email.alertId);
      const status = (endpointId: string) => seen.find((d) => d.recipientId === endpointId);
      expect(seen.find((d) => d.channel === 'email')).toMatchObject({ status: 'unknown', attempts: 1, lastError: expect.stringMatching(/recorded no outcome.*Not sent again/), deliveredAt: null });
      expect(status(orphan.endpointId)).toMatchObject({ status: 'unknown', attempts: 1, lastError: expect.stringMatching(/recorded no outcome.*Not sent again/), deliveredAt: null });
      expect(status(retried.endpointId)).toMatchObject({ status: 'sending', lastError: null });
      expect(status(fresh.endpointId)).toMatchObject({ status: 'sending', lastError: null });
      // Once: a later tick finds nothing more to do for them.
      const later = await sweeps.sweep();
      for (const done of [email.id, orphan.id]) expect(later).not.toContain(done);

      // The queued retry lost too: the next tick marks that one.
      await queue.remove(`alert.notify-${retried.id}`);
      expect(await sweeps.sweep()).toContain(retried.id);
      expect((await deliveriesSeenBy(world, email.alertId)).find((d) => d.recipientId === retried!.endpointId)).toMatchObject({ status: 'unknown', lastError: expect.stringMatching(/recorded no outcome/) });
      expect(await mailTo(email.address)).toEqual([]);
      expect(receiver.received).toEqual([]);
    } finally {
      if (retried) await queue.remove(`alert.notify-${retried.id}`);
      await receiver.stop();
    }
  }, 180_000);

  it('sends an alert email and webhook once when two jobs send them at the same time', async () => {
    const world = await withAlerts();
    const receiver = await new WebhookReceiver([204]).start();
    try {
      const email = await firstEmail(world);
      const webhook = await webhookFor(world, email.alertId, receiver);
      // As after a lost job lock: the same notification's job running in two places at once.
      for (const id of [email.id, webhook.id]) {
        await queue.addBulk([1, 2].map((copy) => ({ name: 'alert.notify', data: { notificationId: id }, opts: { ...quickRetries, jobId: `alert.notify-${id}-${copy}` } })));
      }
      await until('both to be sent', async () => (await Promise.all([email.id, webhook.id].map(notification))).every((row) => row.status === 'sent'), 30_000);
      await until('every copy of the jobs to finish', async () => (await queue.getJobCounts('active', 'wait', 'delayed')).active + (await queue.getJobCounts('wait', 'delayed')).delayed === 0, 60_000);
      expect(await mailTo(email.address)).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
      expect(await notification(email.id)).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await receiver.stop();
    }
  }, 180_000);

  it('retries a webhook that times out or answers 500 with backoff, logs every attempt for the lead, and marks it failed when out of attempts', async () => {
    const world = await withAlerts();
    // The first attempt gets no answer at all (the client gives up after 10 s); the rest get 500.
    const receiver = await new WebhookReceiver([0, 500]).start();
    try {
      const created = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: receiver.url }).expect(201);
      const [alert] = await db.query('SELECT id FROM alert WHERE footprint_id = $1 ORDER BY raised_at LIMIT 1', [world.footprint.id]);
      // An endpoint added after the alerts: its notification is created here as the planner would have.
      const [row] = await db.query(
        `INSERT INTO alert_notification (footprint_id, alert_id, channel, recipient_id, address, status) VALUES ($1, $2, 'webhook', $3, $4, 'pending') RETURNING id`,
        [world.footprint.id, alert.id, created.body.id, receiver.url],
      );
      const started = Date.now();
      await queue.add('alert.notify', { notificationId: row.id }, { ...quickRetries, jobId: `alert.notify-${row.id}` });
      await until('the notification to fail', async () => (await notification(row.id)).status === 'failed', 120_000);
      expect(await notification(row.id)).toMatchObject({ status: 'failed', attempts: 4, lastError: 'The receiver answered HTTP 500' });
      expect(receiver.received).toHaveLength(4);
      // On the alert too, next to its emails.
      const seen = await deliveriesSeenBy(world, alert.id);
      expect(seen.find((d) => d.channel === 'webhook')).toEqual({
        channel: 'webhook', recipientId: created.body.id, address: receiver.url, status: 'failed', attempts: 4, lastError: 'The receiver answered HTTP 500', deliveredAt: null,
      });

      const log = await world.lead.http.get(`${API}/webhooks/${created.body.id}/deliveries`).expect(200);
      const attempts = (log.body.items as { attempt: number; statusCode: number | null; succeeded: boolean; error: string; attemptedAt: string }[]).reverse();
      expect(attempts.map((d) => [d.attempt, d.statusCode, d.succeeded])).toEqual([
        [1, null, false],
        [2, 500, false],
        [3, 500, false],
        [4, 500, false],
      ]);
      expect(attempts[0]!.error).toMatch(/No answer within/);
      // Backoff: each wait at least as long as the one before (300, 600, 1200 ms).
      const gaps = attempts.slice(1).map((d, i) => Date.parse(d.attemptedAt) - Date.parse(attempts[i]!.attemptedAt));
      expect(gaps[1]!).toBeGreaterThanOrEqual(600);
      expect(gaps[2]!).toBeGreaterThanOrEqual(1200);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      await receiver.stop();
    }
  }, 180_000);
});
