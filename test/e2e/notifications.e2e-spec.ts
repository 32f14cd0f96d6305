import { createHmac, randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AlertsWorkerModule } from '@pp/alerts';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE_OPTIONS } from '@pp/core';
import { ScoringWorkerModule } from '@pp/scoring';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { NotificationsProcessor } from '../../libs/alerts/src/notifications/notifications.processor';
import { startApi } from '../support/app';
import { createApiKey, signedInAs } from '../support/auth';
import { API } from '../support/factories-registry';
import { WebhookReceiver } from '../support/webhook-receiver';
import { appUrlOf, linkIn, waitForMail } from '../support/mail';
import { evaluateAlerts, job, type Partnership, partnership, runQuarter, sendNotifications } from './alerts-helpers';
import { invitationsOf, roundWindow } from './surveys-helpers';

/**
 * Webhook endpoints over HTTP, and sending through a real BullMQ queue: a delivery the receiver
 * refuses is retried with backoff, every attempt is logged, and a send repeated after success does
 * nothing. The queue has a prefix of this suite's own, so no other suite's jobs run here.
 */
describe('notifications: webhooks and sending', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let queue: Queue;
  const prefix = `pulse-test-notify-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    app = await startApi();
    const connection = { url: process.env.REDIS_URL as string };
    worker = await Test.createTestingModule({ imports: [ScoringWorkerModule, AlertsWorkerModule] })
      .overrideProvider(JOB_QUEUE_OPTIONS)
      .useValue({ connection, prefix })
      .compile();
    // Only the notifications worker starts: the outbox relay stays off, as the jobs are added here.
    worker.get(NotificationsProcessor).onApplicationBootstrap();
    queue = new Queue('notifications', { connection, prefix });
  });

  afterAll(async () => {
    await worker?.get(NotificationsProcessor).beforeApplicationShutdown();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await worker?.close();
    await app?.close();
  });

  /** Two rounds in which both members' views of each other drop 21 points: two dyad alerts. */
  async function twoAlerts(world: Partnership): Promise<void> {
    for (const [period, rating] of [
      ['2026-Q1', 'excellent'],
      ['2026-Q2', 'good'],
    ] as const) {
      const roundId = await runQuarter(worker, world, { period, councilRatesTrust: [rating, rating, rating], trustRatesCouncil: [rating, rating, rating] });
      await evaluateAlerts(worker, roundId);
    }
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('shows a new endpoint’s secret once, and endpoints only to leads', async () => {
    const world = await partnership(app);
    const created = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: 'https://93.184.216.34/pulse', description: 'Board channel' }).expect(201);
    expect(created.body).toMatchObject({ url: 'https://93.184.216.34/pulse', description: 'Board channel', revokedAt: null });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/webhooks`).expect(200);
    expect(list.body.items).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const audit = await world.lead.http.get(`${API}/audit-entries?entityId=${created.body.id}`).expect(200);
    expect(JSON.stringify(audit.body)).not.toContain(created.body.secret);

    const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
    await analyst.http.get(`${API}/footprints/${world.footprint.id}/webhooks`).expect(403);
    await analyst.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: 'https://93.184.216.34/x' }).expect(403);
    const key = await createApiKey(app, [world.footprint.id]);
    await key.http.get(`${API}/footprints/${world.footprint.id}/webhooks`).expect(403);
    const bad = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: 'not a url' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'url', problem: 'must be an absolute URL' }]);
  });

  it('retries a refused delivery with backoff through BullMQ, logs every attempt, and sends once', async () => {
    const world = await partnership(app);
    const receiver = await new WebhookReceiver([500, 204]).start();
    try {
      const created = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: receiver.url }).expect(201);
      await twoAlerts(world);
      const db = app.get(DataSource);
      const [notification] = await db.query("SELECT id FROM alert_notification WHERE recipient_id = $1 AND channel = 'webhook' ORDER BY created_at LIMIT 1", [created.body.id]);
      await queue.add('alert.notify', { notificationId: notification.id }, { ...DEFAULT_JOB_OPTIONS, jobId: `alert.notify-${notification.id}` });

      const [sent] = await until(
        () => db.query('SELECT status, attempts, last_error FROM alert_notification WHERE id = $1', [notification.id]),
        (rows: { status: string }[]) => rows[0]?.status === 'sent',
      );
      expect(sent).toEqual({ status: 'sent', attempts: 2, last_error: null });
      expect(receiver.received).toHaveLength(2);
      for (const delivery of receiver.received) {
        expect(delivery.headers['x-pulse-delivery']).toBe(notification.id);
        const timestamp = delivery.headers['x-pulse-timestamp'] as string;
        expect(delivery.headers['x-pulse-signature']).toBe(`sha256=${createHmac('sha256', created.body.secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`);
      }
      const log = await world.lead.http.get(`${API}/webhooks/${created.body.id}/deliveries`).expect(200);
      expect(log.body.items.map((d: { attempt: number; statusCode: number; succeeded: boolean; error: string | null }) => [d.attempt, d.statusCode, d.succeeded, d.error])).toEqual([
        [2, 204, true, null],
        [1, 500, false, 'The receiver answered HTTP 500'],
      ]);
      expect(log.body.items[0].durationMs).toBeGreaterThanOrEqual(0);

      // The same notification sent again (a duplicated job) finds it sent and does nothing.
      const again = await queue.add('alert.notify', { notificationId: notification.id }, { ...DEFAULT_JOB_OPTIONS, jobId: `alert.notify-${notification.id}-again` });
      expect(await until(() => again.getState(), (state) => state === 'completed')).toBe('completed');
      expect((await queue.getJob(again.id as string))?.returnvalue).toEqual({ status: 'skipped', reason: 'the notification is already sent' });
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.stop();
    }
  }, 60_000);

  it('stops notifying a revoked endpoint, and fails what was still queued for it', async () => {
    const world = await partnership(app);
    const receiver = await new WebhookReceiver().start();
    try {
      const created = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: receiver.url }).expect(201);
      await twoAlerts(world);
      const revoked = await world.lead.http.delete(`${API}/webhooks/${created.body.id}`).expect(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      await world.lead.http.delete(`${API}/webhooks/${created.body.id}`).expect(409);
      await expect(sendNotifications(worker, world.footprint.id)).rejects.toThrow('The webhook endpoint has been revoked');
      expect(receiver.received).toEqual([]);
      const rows = await app.get(DataSource).query("SELECT status, last_error FROM alert_notification WHERE recipient_id = $1 AND status = 'failed'", [created.body.id]);
      expect(rows[0]).toEqual({ status: 'failed', last_error: 'The webhook endpoint has been revoked' });
    } finally {
      await receiver.stop();
    }
  }, 60_000);

  it('emails each submitter of an invited organisation when a round opens, and reminds them', async () => {
    const world = await partnership(app);
    const round = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/rounds`).send({ period: '2027-Q1', ...roundWindow() }).expect(201);
    await world.lead.http.post(`${API}/rounds/${round.body.id}/open`).expect(200);
    const invitationId = (await invitationsOf(world.lead, round.body.id))[world.council.id] as string;
    const queued = await app.get(DataSource).query('SELECT job_name, payload, job_id FROM outbox WHERE job_id = $1', [`invitation.notify-${invitationId}`]);
    expect(queued).toHaveLength(1);
    const processor = worker.get(NotificationsProcessor);
    expect(await processor.process(job('invitation.notify', queued[0].payload, queued[0].job_id) as never)).toEqual({ status: 'sent', recipients: 3 });
    expect(await processor.process(job('invitation.remind', queued[0].payload, `invitation.remind-${invitationId}-1`) as never)).toEqual({ status: 'sent', recipients: 3 });
    for (const submitter of world.councilSubmitters) {
      const mail = await waitForMail(submitter.email, 2);
      expect(mail.map((m) => m.subject).sort()).toEqual([
        `[Partnership Pulse] Reminder: the 2027-Q1 pulse of ${world.footprint.name} closes soon`,
        `[Partnership Pulse] The 2027-Q1 pulse of ${world.footprint.name} is open`,
      ]);
      const appUrl = appUrlOf(app);
      for (const message of mail) {
        expect(linkIn(message, appUrl, 'invitations/')).toBe(`${appUrl}/invitations/${invitationId}`);
        expect(message.text).toContain(`${world.council.name} is invited to answer it until`);
        expect(message.html).toContain(`${world.council.name.replaceAll('&', '&amp;')} is invited to answer it until`);
        expect(message.text).not.toContain('/api/v1');
      }
    }
    // A closed round invites nobody any more.
    await world.lead.http.post(`${API}/rounds/${round.body.id}/close`).expect(200);
    expect(await processor.process(job('invitation.remind', queued[0].payload, `invitation.remind-${invitationId}-2`) as never)).toEqual({ status: 'skipped', reason: 'the round is closed' });
  });
});
