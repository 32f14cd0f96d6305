import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type * as Helpers from './alerts-helpers';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * Webhooks as production runs them: private targets refused. The settings are read once per suite,
 * so this suite sets WEBHOOK_ALLOW_PRIVATE_TARGETS before anything that reads them is imported.
 */
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'false';
const API = '/api/v1';

describe('notifications: webhook targets on private addresses are refused', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let helpers: typeof Helpers;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    helpers = await import('./alerts-helpers');
    app = await (await import('../support/app')).startApi();
    worker = await helpers.startWorkerContext();
    receiver = await new WebhookReceiver().start();
  });

  afterAll(async () => {
    await receiver?.stop();
    await worker?.close();
    await app?.close();
  });

  it.each([
    ['http://93.184.216.34/pulse', 'must be an https:// URL'],
    ['https://127.0.0.1/pulse', 'must not point at a private, loopback or link-local address (127.0.0.1)'],
    ['https://10.20.30.40/pulse', 'must not point at a private, loopback or link-local address (10.20.30.40)'],
    ['https://169.254.169.254/latest/meta-data', 'must not point at a private, loopback or link-local address (169.254.169.254)'],
    ['https://[::1]/pulse', 'must not point at a private, loopback or link-local address (::1)'],
    ['https://[fd00::1]/pulse', 'must not point at a private, loopback or link-local address (fd00::1)'],
    ['https://[::ffff:192.168.0.1]/pulse', 'must not point at a private, loopback or link-local address (::ffff:c0a8:1)'],
    ['https://localhost/pulse', /^must not resolve to a private, loopback or link-local address: localhost resolves to/],
  ])('refuses %s when the endpoint is added', async (url, problem) => {
    const world = await helpers.partnership(app);
    const res = await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'url', problem: typeof problem === 'string' ? problem : expect.stringMatching(problem) }]);
  });

  it('refuses, when sending, an endpoint whose host now resolves to a private address, without retrying, and logs why', async () => {
    const world = await helpers.partnership(app);
    const db = worker.get((await import('typeorm')).DataSource) as DataSource;
    // As if the host had resolved to a public address when the endpoint was added: localhost stands in.
    const target = receiver.url.replace('http://127.0.0.1', 'https://localhost');
    const [endpoint] = await db.query("INSERT INTO webhook_endpoint (footprint_id, url, description, secret) VALUES ($1, $2, '', 'whsec_test') RETURNING id", [world.footprint.id, target]);
    for (const [period, rating] of [
      ['2026-Q1', 'excellent'],
      ['2026-Q2', 'good'],
    ] as const) {
      const roundId = await helpers.runQuarter(worker, world, { period, councilRatesTrust: [rating, rating, rating], trustRatesCouncil: [rating, rating, rating] });
      await helpers.evaluateAlerts(worker, roundId);
    }
    await expect(helpers.sendNotifications(worker, world.footprint.id)).rejects.toThrow(/localhost resolves to a private, loopback or link-local address/);
    expect(receiver.received).toEqual([]);
    const [failed] = await db.query("SELECT status, attempts FROM alert_notification WHERE recipient_id = $1 AND status = 'failed'", [endpoint.id]);
    expect(failed).toEqual({ status: 'failed', attempts: 1 });
    const deliveries = await world.lead.http.get(`${API}/webhooks/${endpoint.id}/deliveries`).expect(200);
    expect(deliveries.body.items[0]).toMatchObject({ attempt: 1, statusCode: null, succeeded: false, error: expect.stringContaining('localhost resolves to a private') });
  }, 60_000);
});
