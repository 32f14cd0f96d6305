import { createHmac } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { startApi } from '../support/app';
import { API } from '../support/factories-registry';
import { appUrlOf, linkIn, waitForMail } from '../support/mail';
import { WebhookReceiver } from '../support/webhook-receiver';
import { type AlertRow, alertsOf, evaluateAlerts, type Partnership, partnership, runQuarter, sendNotifications, startWorkerContext } from './alerts-helpers';

/**
 * Four quarterly rounds in which the council's relationship with the acute trust falls quarter by
 * quarter (92.9 → 78.6 → 64.3 → 35.7) while the trust's view of the council holds at 78.6. After the
 * fourth close the expected alerts exist once each, the lead has the emails in the SMTP catcher, and
 * a webhook receiver on loopback has payloads whose signatures this test checks on its own.
 */
describe('scenario: a relationship deteriorates over four quarters', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let world: Partnership;
  let receiver: WebhookReceiver;
  let secret: string;
  const roundIds: string[] = [];

  beforeAll(async () => {
    app = await startApi();
    worker = await startWorkerContext();
    world = await partnership(app);
    receiver = await new WebhookReceiver().start();
    const created = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: receiver.url, description: 'Partnership board' }).expect(201);
    secret = created.body.secret;

    const quarters = [
      // Within 15 points of the trust's view of the council, so the perception gap opens only at the end.
      { period: '2026-Q1', councilRatesTrust: ['excellent', 'excellent', 'good'] },
      { period: '2026-Q2', councilRatesTrust: ['good', 'good', 'good'] },
      { period: '2026-Q3', councilRatesTrust: ['good', 'middling', 'middling'] },
      { period: '2026-Q4', councilRatesTrust: ['poor', 'poor', 'poor'] },
    ] as const;
    for (const quarter of quarters) {
      const roundId = await runQuarter(worker, world, { ...quarter, councilRatesTrust: [...quarter.councilRatesTrust], trustRatesCouncil: ['good', 'good', 'good'] });
      await evaluateAlerts(worker, roundId);
      await sendNotifications(worker, world.footprint.id);
      roundIds.push(roundId);
    }
  }, 120_000);

  afterAll(async () => {
    await receiver?.stop();
    await worker?.close();
    await app?.close();
  });

  const dyad = () => `dyad:${world.council.id}>${world.trust.id}`;
  const find = (alerts: AlertRow[], kind: string) => alerts.filter((a) => a.kind === kind);

  it('raises the expected alerts, once each', async () => {
    const alerts = await alertsOf(world);
    expect(alerts.map((a) => [a.period, a.kind, a.subject, a.status]).sort()).toEqual([
      ['2026-Q2', 'dyad_decline', dyad(), 'open'],
      ['2026-Q4', 'consecutive_declines', dyad(), 'open'],
      ['2026-Q4', 'perception_gap', 'sector_pair:nhs>local_government', 'open'],
    ]);
    const [declines] = find(alerts, 'consecutive_declines');
    expect(declines).toMatchObject({
      severity: 'warning',
      subjectLabel: `${world.council.name} → ${world.trust.name}`,
      summary: `${world.council.name} → ${world.trust.name} declined 3 rounds in a row, to 35.7`,
      details: expect.objectContaining({ consecutiveDeclines: 3, band: 'concern' }),
    });
    const [gap] = find(alerts, 'perception_gap');
    expect(gap?.summary).toBe('NHS partners rate local government 42.9 points higher than they are rated in return');
  });

  it('raises nothing more when the last round is evaluated again and its notifications sent again', async () => {
    const before = await alertsOf(world);
    const again = await evaluateAlerts(worker, roundIds[3] as string);
    expect(again).toMatchObject({ status: 'evaluated', raised: 0, resolved: 0 });
    expect(await sendNotifications(worker, world.footprint.id)).toEqual([]);
    expect(await alertsOf(world)).toEqual(before);
    expect(receiver.received).toHaveLength(3);
  });

  it('emailed the lead each alert once, with the right content', async () => {
    const mail = await waitForMail(world.lead.email, 3);
    expect(mail).toHaveLength(3);
    const alerts = await alertsOf(world);
    const gap = find(alerts, 'perception_gap')[0] as AlertRow;
    const email = mail.find((m) => m.subject.includes('NHS partners rate local government'));
    expect(email?.subject).toBe(`[Partnership Pulse] Warning: ${gap.summary} (${world.footprint.code}, 2026-Q4)`);
    expect(email?.envelope.to).toEqual([world.lead.email]);
    expect(email?.text).toContain(`Warning alert for ${world.footprint.name} (${world.footprint.code}), round 2026-Q4:`);
    const appUrl = appUrlOf(app);
    expect(linkIn(email, appUrl, 'alerts/')).toBe(`${appUrl}/alerts/${gap.id}`);
    expect(linkIn(email, appUrl, 'rounds/')).toBe(`${appUrl}/rounds/${gap.roundId}`);
    expect(email?.html).toContain(`Warning alert for ${world.footprint.name} (${world.footprint.code}), round 2026-Q4:`);
    expect(email?.messageId).toMatch(/^<[0-9a-f-]{36}@/);
    expect(mail.map((m) => m.subject).sort()).toEqual(alerts.map((a) => `[Partnership Pulse] Warning: ${a.summary} (${world.footprint.code}, ${a.period})`).sort());
  });

  it('delivered each alert to the webhook once, signed with HMAC-SHA256 over timestamp.body', async () => {
    const alerts = await alertsOf(world);
    expect(receiver.received).toHaveLength(3);
    for (const delivery of receiver.received) {
      const timestamp = delivery.headers['x-pulse-timestamp'] as string;
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
      expect(delivery.headers['x-pulse-signature']).toBe(expected);
      expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['x-pulse-event']).toBe('alert.raised');
    }
    const payloads = receiver.received.map((d) => JSON.parse(d.body));
    expect(payloads.map((p) => p.alert.id).sort()).toEqual(alerts.map((a) => a.id).sort());
    const gap = payloads.find((p) => p.alert.rule === 'perception_gap');
    expect(gap).toMatchObject({
      event: 'alert.raised',
      alert: { footprint: { id: world.footprint.id, code: world.footprint.code }, round: { id: roundIds[3], period: '2026-Q4' }, severity: 'warning', status: 'open' },
    });
    expect(receiver.received.find((d) => JSON.parse(d.body).alert.rule === 'perception_gap')?.headers['x-pulse-delivery']).toBe(gap.id);
  });

  it('lists the alerts in the lead’s in-app alerts, newest first, unread until read', async () => {
    const inbox = await world.lead.http.get(`${API}/me/alerts`).expect(200);
    expect(inbox.body.items.map((i: { alert: AlertRow }) => i.alert.period)).toEqual(['2026-Q4', '2026-Q4', '2026-Q2']);
    const first = inbox.body.items[0].alert.id as string;
    const read = await world.lead.http.post(`${API}/me/alerts/${first}/read`).expect(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await world.lead.http.get(`${API}/me/alerts?unread=true`).expect(200);
    expect(unread.body.items.map((i: { alert: AlertRow }) => i.alert.id)).not.toContain(first);
    expect(unread.body.items).toHaveLength(2);
  });

  it('pages through the alerts with the count of every page, filtered by status, and refuses an unknown status by name', async () => {
    // The in-app list, one alert a page: each page carries the whole count, and the pages hold every alert once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=1&cursor=${cursor}` : 'limit=1';
      const page = await world.lead.http.get(`${API}/me/alerts?${query}`).expect(200);
      expect(page.body.total).toBe(3);
      expect(page.body.items).toHaveLength(1);
      seen.push(page.body.items[0].alert.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    // The unread count is exact whatever the page size (the previous test read one of three).
    const unread = await world.lead.http.get(`${API}/me/alerts?unread=true&limit=1`).expect(200);
    expect(unread.body).toMatchObject({ total: 2, items: [expect.anything()] });

    // Acknowledging one leaves two open, in the footprint's list and in the lead's.
    const [newest] = await world.lead.http
      .get(`${API}/footprints/${world.footprint.id}/alerts?limit=1`)
      .expect(200)
      .then((res) => res.body.items as AlertRow[]);
    await world.lead.http.post(`${API}/alerts/${newest?.id}/acknowledge`).send({}).expect(200);
    const open = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?status=open&limit=1`).expect(200);
    expect(open.body.total).toBe(2);
    expect(open.body.items.map((a: AlertRow) => a.status)).toEqual(['open']);
    expect(open.body.nextCursor).not.toBeNull();
    const acknowledged = await world.lead.http.get(`${API}/me/alerts?status=acknowledged`).expect(200);
    expect(acknowledged.body.total).toBe(1);
    expect(acknowledged.body.items.map((i: { alert: AlertRow }) => i.alert.id)).toEqual([newest?.id]);
    const openInbox = await world.lead.http.get(`${API}/me/alerts?status=open`).expect(200);
    expect(openInbox.body.total).toBe(2);
    expect(openInbox.body.items.map((i: { alert: AlertRow }) => i.alert.id)).not.toContain(newest?.id);
    expect((await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?status=resolved`).expect(200)).body).toEqual({ items: [], nextCursor: null, total: 0 });

    for (const url of [`${API}/me/alerts?status=closed`, `${API}/footprints/${world.footprint.id}/alerts?status=closed`]) {
      const refused = await world.lead.http.get(url).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    }
  });
});
