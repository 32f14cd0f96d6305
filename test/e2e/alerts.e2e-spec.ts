import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { asAdmin, createApiKey, signedInAs } from '../support/auth';
import { API, createFootprint } from '../support/factories-registry';
import { alertsOf, evaluateAlerts, type Partnership, partnership, runQuarter, startWorkerContext } from './alerts-helpers';

interface RuleBody {
  id: string;
  kind: string;
  enabled: boolean;
  severity: string;
  threshold: number | null;
  updatedBy: string | null;
}

/** Alert rules and alerts over HTTP: defaults, edits, the lifecycle, clearing by a later round, who may do what. */
describe('alerts: rules, lifecycle and evaluation', () => {
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

  const rulesOf = async (world: Partnership): Promise<RuleBody[]> => (await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alert-rules`).expect(200)).body.items;

  describe('rules', () => {
    it('gives a new footprint the default rules on first read, once, whoever reads first', async () => {
      const footprint = await createFootprint(app);
      const analyst = await signedInAs(app, { role: 'analyst', footprintId: footprint.id });
      const key = await createApiKey(app, [footprint.id]);
      const [first, second] = await Promise.all([
        analyst.http.get(`${API}/footprints/${footprint.id}/alert-rules`).expect(200),
        key.http.get(`${API}/footprints/${footprint.id}/alert-rules`).expect(200),
      ]);
      expect(first.body.items.map((r: RuleBody) => [r.kind, r.enabled, r.severity, r.threshold])).toEqual([
        ['rhi_drop', true, 'critical', 5],
        ['dimension_concern', true, 'warning', null],
        ['dyad_decline', true, 'warning', 10],
        ['perception_gap', true, 'warning', 15],
        ['consecutive_declines', true, 'warning', 3],
        ['response_rate', true, 'info', 0.4],
      ]);
      expect(second.body.items.map((r: RuleBody) => r.id)).toEqual(first.body.items.map((r: RuleBody) => r.id));
      const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM alert_rule WHERE footprint_id = $1', [footprint.id]);
      expect(count).toBe(6);
    });

    it('answers 404 for the rules of a footprint that does not exist', async () => {
      await (await asAdmin(app)).http.get(`${API}/footprints/6f1c2d3e-0000-4000-8000-000000000000/alert-rules`).expect(404);
    });

    it('lets a lead switch a rule off, change its severity and threshold, audited; refuses thresholds out of range by name', async () => {
      const world = await partnership(app);
      const rules = await rulesOf(world);
      const gap = rules.find((r) => r.kind === 'perception_gap') as RuleBody;
      const res = await world.lead.http.patch(`${API}/alert-rules/${gap.id}`).send({ threshold: 20, severity: 'critical', enabled: false }).expect(200);
      expect(res.body).toMatchObject({ kind: 'perception_gap', threshold: 20, severity: 'critical', enabled: false, updatedBy: world.lead.id });
      const audit = await world.lead.http.get(`${API}/audit-entries?entityId=${gap.id}`).expect(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'alert_rule.update', before: { threshold: 15, enabled: true }, after: { threshold: 20, enabled: false } });

      const dimension = rules.find((r) => r.kind === 'dimension_concern') as RuleBody;
      const declines = rules.find((r) => r.kind === 'consecutive_declines') as RuleBody;
      const rate = rules.find((r) => r.kind === 'response_rate') as RuleBody;
      const refused = [
        [dimension.id, { threshold: 40 }, 'must not be set for this rule'],
        [declines.id, { threshold: 2.5 }, 'must be a whole number of rounds from 2 to 12'],
        [rate.id, { threshold: 40 }, 'must be a number of fraction from 0.01 to 1'],
        [gap.id, { severity: 'urgent' }, 'must be one of the following values: info, warning, critical'],
        [gap.id, { kind: 'rhi_drop' }, 'property kind should not exist'],
      ] as const;
      for (const [id, body, problem] of refused) {
        const bad = await world.lead.http.patch(`${API}/alert-rules/${id}`).send(body).expect(400);
        expect(bad.body.errors[0].problem).toBe(problem);
      }
    });

    it('lets analysts and API keys read rules but not change them', async () => {
      const world = await partnership(app);
      const [rule] = await rulesOf(world);
      const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
      await analyst.http.patch(`${API}/alert-rules/${rule?.id}`).send({ enabled: false }).expect(403);
      const key = await createApiKey(app, [world.footprint.id]);
      await key.http.patch(`${API}/alert-rules/${rule?.id}`).send({ enabled: false }).expect(403);
    });
  });

  describe('lifecycle', () => {
    let world: Partnership;
    let roundIds: string[];

    beforeAll(async () => {
      world = await partnership(app);
      roundIds = [];
      // Both members' views of each other drop 21 points, then recover: one alert per dyad, raised then cleared.
      for (const [period, rating] of [
        ['2026-Q1', 'excellent'],
        ['2026-Q2', 'good'],
        ['2026-Q3', 'excellent'],
      ] as const) {
        const roundId = await runQuarter(worker, world, { period, councilRatesTrust: [rating, rating, rating], trustRatesCouncil: [rating, rating, rating] });
        await evaluateAlerts(worker, roundId);
        roundIds.push(roundId);
        if (period === '2026-Q2') {
          const raised = await alertsOf(world);
          expect(raised.map((a) => [a.kind, a.period, a.status])).toEqual([
            ['dyad_decline', '2026-Q2', 'open'],
            ['dyad_decline', '2026-Q2', 'open'],
          ]);
        }
      }
    }, 60_000);

    it('resolves an alert automatically when a later round no longer meets its condition', async () => {
      const alerts = await alertsOf(world);
      expect(alerts.map((a) => a.subject).sort()).toEqual([`dyad:${world.council.id}>${world.trust.id}`, `dyad:${world.trust.id}>${world.council.id}`].sort());
      for (const alert of alerts) {
        expect(alert).toMatchObject({ kind: 'dyad_decline', status: 'resolved', resolution: 'cleared', resolvedBy: null, resolvedInRoundId: roundIds[2] });
      }
    });

    it('takes an alert from open to acknowledged to resolved, recording who and when, and refuses going back', async () => {
      const db = app.get(DataSource);
      const [rule] = await rulesOf(world);
      const [row] = await db.query(
        `INSERT INTO alert (footprint_id, rule_id, kind, severity, round_id, period, subject, subject_label, summary, details, status, raised_at)
         VALUES ($1, $2, $3, 'critical', $4, '2026-Q3', 'footprint', 'Relationship Health Index', 'The index fell', '{}', 'open', now()) RETURNING id`,
        [world.footprint.id, rule?.id, rule?.kind, roundIds[2]],
      );
      const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
      await analyst.http.get(`${API}/alerts/${row.id}`).expect(200);
      await analyst.http.post(`${API}/alerts/${row.id}/acknowledge`).send({}).expect(403);

      const acknowledged = await world.lead.http.post(`${API}/alerts/${row.id}/acknowledge`).send({ note: 'Raised with both chief executives' }).expect(200);
      expect(acknowledged.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: world.lead.id, note: 'Raised with both chief executives' });
      expect(Date.parse(acknowledged.body.acknowledgedAt)).toBeGreaterThan(Date.now() - 60_000);
      const twice = await world.lead.http.post(`${API}/alerts/${row.id}/acknowledge`).send({}).expect(409);
      expect(twice.body.detail).toBe('The alert is already acknowledged');

      const resolved = await world.lead.http.post(`${API}/alerts/${row.id}/resolve`).send({}).expect(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual', resolvedBy: world.lead.id, acknowledgedBy: world.lead.id });
      await world.lead.http.post(`${API}/alerts/${row.id}/acknowledge`).send({}).expect(409);
      await world.lead.http.post(`${API}/alerts/${row.id}/resolve`).send({}).expect(409);

      const audit = await world.lead.http.get(`${API}/audit-entries?entityId=${row.id}`).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['alert.resolve', 'alert.acknowledge']);
      const open = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?status=open`).expect(200);
      expect(open.body.items).toEqual([]);
    });

    it('raises nothing for a rule a lead switched off', async () => {
      const quiet = await partnership(app);
      const dyad = (await rulesOf(quiet)).find((r) => r.kind === 'dyad_decline') as RuleBody;
      await quiet.lead.http.patch(`${API}/alert-rules/${dyad.id}`).send({ enabled: false }).expect(200);
      for (const [period, rating] of [
        ['2026-Q1', 'excellent'],
        ['2026-Q2', 'good'],
      ] as const) {
        const roundId = await runQuarter(worker, quiet, { period, councilRatesTrust: [rating, rating, rating], trustRatesCouncil: [rating, rating, rating] });
        expect(await evaluateAlerts(worker, roundId)).toMatchObject({ status: 'evaluated', raised: 0 });
      }
      expect(await alertsOf(quiet)).toEqual([]);
    }, 60_000);
  });
  describe('lists', () => {
    it('orders a footprint’s alerts most severe first, then newest, page by page, and refuses an unknown order by name', async () => {
      const world = await partnership(app);
      const [rule] = await rulesOf(world);
      const raise = async (severity: string, minutesAgo: number): Promise<string> => {
        const [row] = await app.get(DataSource).query(
          `INSERT INTO alert (footprint_id, rule_id, kind, severity, round_id, period, subject, subject_label, summary, details, status, raised_at)
           VALUES ($1, $2, $3, $4, gen_random_uuid(), '2026-Q3', $5, 'A subject', 'Something happened', '{}', 'open', now() - make_interval(mins => $6)) RETURNING id`,
          [world.footprint.id, rule?.id, rule?.kind, severity, `subject-${severity}-${minutesAgo}`, minutesAgo],
        );
        return row.id;
      };
      const info = await raise('info', 1);
      const oldCritical = await raise('critical', 30);
      const warning = await raise('warning', 10);
      const newCritical = await raise('critical', 20);

      const ids = async (sort: string): Promise<string[]> => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
          const page = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?${query}`).expect(200);
          expect(page.body.total).toBe(4);
          seen.push(...page.body.items.map((a: { id: string }) => a.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        return seen;
      };
      expect(await ids('severity')).toEqual([newCritical, oldCritical, warning, info]);
      expect(await ids('newest')).toEqual([info, warning, newCritical, oldCritical]);
      const critical = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?sort=severity&severity=critical&limit=1`).expect(200);
      expect(critical.body).toMatchObject({ total: 2, items: [{ id: newCritical }] });

      const refused = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?sort=worst`).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'sort' })]);
    });
  });
});
