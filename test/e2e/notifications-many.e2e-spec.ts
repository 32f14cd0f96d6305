import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationPlanner } from '../../libs/alerts/src/notifications/notification-planner';
import { startApi } from '../support/app';
import { createUser, uniqueEmail } from '../support/auth';
import { API } from '../support/factories-registry';
import { partnership, runQuarter, startWorkerContext } from './alerts-helpers';

/**
 * A round of a large footprint can raise thousands of alerts at once (bench:scoring's raises 17,715),
 * each told to every lead in the app and by email. Planned as one INSERT, their notifications
 * overflowed PostgreSQL's 65,535 parameters a statement and the alert evaluation failed on every
 * attempt. 3,000 alerts to two leads make 12,000 notifications, 84,000 parameters in one.
 */
describe('notifications: a round raising thousands of alerts', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    app = await startApi();
    worker = await startWorkerContext();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it("plans each lead's in-app and email notification of every alert and queues each email once, however many", async () => {
    const world = await partnership(app);
    await createUser(app, [{ role: 'footprint_lead', footprintId: world.footprint.id }], uniqueEmail('lead'));
    const roundId = await runQuarter(worker, world, { period: '2026-Q1', councilRatesTrust: ['good', 'good', 'good'], trustRatesCouncil: ['good', 'good', 'good'] });
    const db = app.get(DataSource);
    const [rule] = (await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alert-rules`).expect(200)).body.items as { id: string; kind: string }[];
    if (!rule) throw new Error('the footprint has no alert rules');
    const alerts: { id: string }[] = await db.query(
      `INSERT INTO alert (footprint_id, rule_id, kind, severity, round_id, period, subject, subject_label, summary, details, status, raised_at)
       SELECT $1, $2, $3, 'warning', $4, '2026-Q1', 'test:' || i, 'Subject ' || i, 'A test alert', '{}', 'open', now() FROM generate_series(1, 3000) AS i
       RETURNING id`,
      [world.footprint.id, rule.id, rule.kind, roundId],
    );
    const plan = () => db.transaction((manager) => worker.get(NotificationPlanner).plan(manager, world.footprint.id, alerts.map((alert) => alert.id)));
    const planned = async () => ({
      notifications: Object.fromEntries(
        ((await db.query('SELECT channel, count(*)::int AS n FROM alert_notification WHERE footprint_id = $1 GROUP BY channel', [world.footprint.id])) as { channel: string; n: number }[]).map(
          (row) => [row.channel, row.n],
        ),
      ),
      emailJobs: (
        await db.query(
          `SELECT count(*)::int AS n FROM outbox o JOIN alert_notification n ON o.job_id = 'alert.notify-' || n.id
            WHERE n.footprint_id = $1 AND n.channel = 'email' AND o.job_name = 'alert.notify'`,
          [world.footprint.id],
        )
      )[0].n,
    });

    await plan();
    expect(await planned()).toEqual({ notifications: { in_app: 6000, email: 6000 }, emailJobs: 6000 });
    // Planned again (the evaluation run twice): nothing new.
    await plan();
    expect(await planned()).toEqual({ notifications: { in_app: 6000, email: 6000 }, emailJobs: 6000 });
  }, 120_000);
});
