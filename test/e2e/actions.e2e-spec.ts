import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ActionsWorkerModule, OverdueReminders } from '@pp/actions';
import { AlertsWorkerModule } from '@pp/alerts';
import { ScoringWorkerModule, welchTTest } from '@pp/scoring';
import { DataSource } from 'typeorm';
import { NotificationsProcessor } from '../../libs/alerts/src/notifications/notifications.processor';
import { startApi } from '../support/app';
import { createApiKey, type SignedIn, signedInAs } from '../support/auth';
import { API, createOrganisation } from '../support/factories-registry';
import { mailTo, waitForMail } from '../support/mail';
import { alertsOf, evaluateAlerts, job, type Partnership, partnership, runQuarter } from './alerts-helpers';

/**
 * Action plans end to end over HTTP: a lead records actions against an alert, a dyad, a sector pair
 * and a dimension; a later round is scored and each action's before/after ("did it work?") must say
 * what the round scores route says about the same figure, gate and all; an overdue action reminds
 * its owners once however often the scheduler's step runs; /bi/actions gives the same figures.
 *
 * Quarter 1 (the baseline): the council rates the trust poorly, the trust rates the council well.
 * Quarter 2: the council rates the trust well (a significant rise); only two trust respondents
 * answer, so the trust → council tie rests on fewer than k = 3 and is withheld.
 */
const Q1 = { period: '2025-Q1', councilRatesTrust: ['poor', 'poor', 'middling'], trustRatesCouncil: ['excellent', 'excellent', 'good'] } as const;
const Q2 = { period: '2025-Q2', councilRatesTrust: ['excellent', 'excellent', 'good'], trustRatesCouncil: ['good', 'good'] } as const;

interface Figure {
  roundId: string;
  period: string;
  status: 'shown' | 'withheld' | 'not_scored';
  reason: string | null;
  respondents: number | null;
  n: number | null;
  mean: number | null;
}
interface ScoreItem {
  scope: string;
  subject: string;
  measure: string;
  suppressed: boolean;
  mean: number | null;
  n: number | null;
  sd: number | null;
  respondents: number | null;
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('action plans', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let world: Partnership;
  let lead: SignedIn;
  let round1: string;
  let round2: string;
  const actions: Record<'alert' | 'dyad' | 'withheldDyad' | 'sectorPair' | 'dimension', string> = {} as never;

  beforeAll(async () => {
    app = await startApi();
    worker = await Test.createTestingModule({ imports: [ScoringWorkerModule, AlertsWorkerModule, ActionsWorkerModule] }).compile();
    world = await partnership(app);
    lead = world.lead;
    round1 = await runQuarter(worker, world, { ...Q1, councilRatesTrust: [...Q1.councilRatesTrust], trustRatesCouncil: [...Q1.trustRatesCouncil] });
    await evaluateAlerts(worker, round1);
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const create = (body: Record<string, unknown>, as: SignedIn = lead) => as.http.post(`${API}/footprints/${world.footprint.id}/actions`).send(body);
  const base = () => ({ ownerOrganisationId: world.council.id, description: 'Joint finance workshop', dueOn: isoDay(60) });

  it('records actions against an alert, a dyad, a sector pair and a dimension, with the latest scored round as baseline', async () => {
    const alert = (await alertsOf(world)).find((a) => !a.subject.startsWith('organisation:'));
    expect(alert).toBeDefined();
    const made = {
      alert: await create({ ...base(), linkKind: 'alert', alertId: alert!.id }).expect(201),
      dyad: await create({ ...base(), linkKind: 'dyad', raterOrganisationId: world.council.id, ratedOrganisationId: world.trust.id }).expect(201),
      withheldDyad: await create({ ...base(), linkKind: 'dyad', raterOrganisationId: world.trust.id, ratedOrganisationId: world.council.id, ownerOrganisationId: world.trust.id }).expect(201),
      sectorPair: await create({ ...base(), linkKind: 'sector_pair', raterSector: 'local_government', ratedSector: 'nhs', status: 'in_progress' }).expect(201),
      dimension: await create({ ...base(), linkKind: 'dimension', dimension: 'trust' }).expect(201),
    };
    for (const [name, res] of Object.entries(made)) {
      actions[name as keyof typeof actions] = res.body.id;
      expect(res.body).toMatchObject({ footprintId: world.footprint.id, baselineRoundId: round1, baselinePeriod: Q1.period, createdBy: lead.id, overdue: false, remindedAt: null });
    }
    expect(made.alert.body).toMatchObject({ linkKind: 'alert', alertId: alert!.id, raterOrganisationId: null, dimension: null, status: 'planned' });
    expect(made.sectorPair.body).toMatchObject({ raterSector: 'local_government', ratedSector: 'nhs', status: 'in_progress' });

    const list = await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?limit=2`).expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const rest = await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?limit=50&cursor=${encodeURIComponent(list.body.nextCursor)}`).expect(200);
    expect([...list.body.items, ...rest.body.items].map((a: { id: string }) => a.id).sort()).toEqual(Object.values(actions).sort());
    const dyads = await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?linkKind=dyad`).expect(200);
    expect(dyads.body.items.map((a: { id: string }) => a.id).sort()).toEqual([actions.dyad, actions.withheldDyad].sort());
    const started = await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?status=in_progress`).expect(200);
    expect(started.body.items.map((a: { id: string }) => a.id)).toEqual([actions.sectorPair]);

    const audit = await worker.get(DataSource).query("SELECT entity_id FROM audit_entry WHERE action = 'action.create' AND footprint_id = $1", [world.footprint.id]);
    expect(audit.map((r: { entity_id: string }) => r.entity_id).sort()).toEqual(Object.values(actions).sort());
  });

  it('lets an analyst read but not write, and keeps other footprints’ leads out', async () => {
    const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
    await analyst.http.get(`${API}/footprints/${world.footprint.id}/actions`).expect(200);
    await analyst.http.get(`${API}/actions/${actions.dyad}`).expect(200);
    await create({ ...base(), linkKind: 'dimension', dimension: 'trust' }, analyst).expect(403);
    await analyst.http.patch(`${API}/actions/${actions.dyad}`).send({ status: 'done' }).expect(403);
    await analyst.http.post(`${API}/actions/${actions.dyad}/updates`).send({ note: 'x' }).expect(403);

    const elsewhere = await partnership(app);
    await elsewhere.lead.http.get(`${API}/actions/${actions.dyad}`).expect(404);
    await elsewhere.lead.http.patch(`${API}/actions/${actions.dyad}`).send({ status: 'done' }).expect(404);
    await elsewhere.lead.http.post(`${API}/actions/${actions.dyad}/updates`).send({ note: 'x' }).expect(404);
    const theirs = await elsewhere.lead.http.get(`${API}/footprints/${world.footprint.id}/actions`);
    expect([403, 404]).toContain(theirs.status);
    const write = await create({ ...base(), linkKind: 'dimension', dimension: 'trust' }, elsewhere.lead);
    expect([403, 404]).toContain(write.status);
    // Their own footprint cannot point at this one's alert or members either.
    const alert = (await alertsOf(world))[0]!;
    const foreign = await elsewhere.lead.http
      .post(`${API}/footprints/${elsewhere.footprint.id}/actions`)
      .send({ linkKind: 'alert', alertId: alert.id, ownerOrganisationId: world.council.id, description: 'x', dueOn: isoDay(30) })
      .expect(400);
    expect(foreign.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['alertId', 'ownerOrganisationId']);
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const outsider = await createOrganisation(app, { name: `Outsider ${world.footprint.code}` });
    const before = (await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?limit=500`).expect(200)).body.items.length;
    const cases: [string, Record<string, unknown>, string][] = [
      ['no link kind', { ...base() }, 'linkKind'],
      ['an unknown link kind', { ...base(), linkKind: 'organisation' }, 'linkKind'],
      ['an alert link without its alert', { ...base(), linkKind: 'alert' }, 'alertId'],
      ['an alert that does not exist', { ...base(), linkKind: 'alert', alertId: '00000000-0000-4000-8000-000000000000' }, 'alertId'],
      ['a dyad with a dimension too', { ...base(), linkKind: 'dyad', raterOrganisationId: world.council.id, ratedOrganisationId: world.trust.id, dimension: 'trust' }, 'dimension'],
      ['a dyad missing its rated member', { ...base(), linkKind: 'dyad', raterOrganisationId: world.council.id }, 'ratedOrganisationId'],
      ['a dyad of one member with itself', { ...base(), linkKind: 'dyad', raterOrganisationId: world.council.id, ratedOrganisationId: world.council.id }, 'ratedOrganisationId'],
      ['a dyad with a non-member', { ...base(), linkKind: 'dyad', raterOrganisationId: outsider.id, ratedOrganisationId: world.trust.id }, 'raterOrganisationId'],
      ['an unknown sector', { ...base(), linkKind: 'sector_pair', raterSector: 'nhs', ratedSector: 'charity' }, 'ratedSector'],
      ['an unknown dimension', { ...base(), linkKind: 'dimension', dimension: 'happiness' }, 'dimension'],
      ['an unknown owner', { ...base(), ownerOrganisationId: '00000000-0000-4000-8000-000000000000', linkKind: 'dimension', dimension: 'trust' }, 'ownerOrganisationId'],
      ['an owner that is not a member', { ...base(), ownerOrganisationId: outsider.id, linkKind: 'dimension', dimension: 'trust' }, 'ownerOrganisationId'],
      ['a due date that is no date', { ...base(), dueOn: '2026-02-30', linkKind: 'dimension', dimension: 'trust' }, 'dueOn'],
      ['a due date in another form', { ...base(), dueOn: 'next week', linkKind: 'dimension', dimension: 'trust' }, 'dueOn'],
      ['no description', { ...base(), description: '   ', linkKind: 'dimension', dimension: 'trust' }, 'description'],
      ['a closed status at creation', { ...base(), status: 'done', linkKind: 'dimension', dimension: 'trust' }, 'status'],
    ];
    for (const [what, body, field] of cases) {
      const res = await create(body);
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect({ what, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ what, fields: expect.arrayContaining([field]) });
    }
    const after = (await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?limit=500`).expect(200)).body.items.length;
    expect(after).toBe(before);
    // Not an id at all: no such action within anyone's scope, as for alerts.
    await lead.http.get(`${API}/actions/not-a-uuid`).expect(404);
    await lead.http.get(`${API}/actions/00000000-0000-4000-8000-000000000000`).expect(404);
    const badFilter = await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?status=finished`).expect(400);
    expect(badFilter.body.errors[0].field).toBe('status');
  });

  it('keeps dated updates and status changes, and never reopens a closed action', async () => {
    const note = await lead.http.post(`${API}/actions/${actions.sectorPair}/updates`).send({ note: 'Workshop held; follow-up booked' }).expect(201);
    expect(note.body).toMatchObject({ actionId: actions.sectorPair, note: 'Workshop held; follow-up booked', statusFrom: null, statusTo: null, authorId: lead.id });
    const moved = await lead.http.patch(`${API}/actions/${actions.sectorPair}`).send({ status: 'done', note: 'Both boards signed the joint plan', dueOn: isoDay(90) }).expect(200);
    expect(moved.body).toMatchObject({ status: 'done', dueOn: isoDay(90) });
    const reopen = await lead.http.patch(`${API}/actions/${actions.sectorPair}`).send({ status: 'in_progress' }).expect(400);
    expect(reopen.body.errors).toEqual([{ field: 'status', problem: expect.stringContaining('is done') }]);
    const reopenByUpdate = await lead.http.post(`${API}/actions/${actions.sectorPair}/updates`).send({ note: 'again', status: 'planned' }).expect(400);
    expect(reopenByUpdate.body.errors[0].field).toBe('status');
    await lead.http.patch(`${API}/actions/${actions.sectorPair}`).send({ dueOn: 'tomorrow' }).expect(400);
    await lead.http.patch(`${API}/actions/${actions.sectorPair}`).send({ ownerOrganisationId: '00000000-0000-4000-8000-000000000000' }).expect(400);

    const detail = await lead.http.get(`${API}/actions/${actions.sectorPair}`).expect(200);
    expect(detail.body.updates.map((u: { note: string; statusFrom: string | null; statusTo: string | null }) => [u.note, u.statusFrom, u.statusTo])).toEqual([
      ['Workshop held; follow-up booked', null, null],
      ['Both boards signed the joint plan', 'in_progress', 'done'],
    ]);
    const audit = await worker.get(DataSource).query("SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY seq", [actions.sectorPair]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['action.create', 'action.add_update', 'action.update']);
  });

  it('shows no before/after until a later round is scored', async () => {
    const detail = await lead.http.get(`${API}/actions/${actions.dyad}`).expect(200);
    expect(detail.body.figure).toEqual({ scope: 'dyad', subject: `${world.council.id}>${world.trust.id}`, measure: 'partner_rating' });
    expect(detail.body.outcomes).toEqual([]);
  });

  it('after a later round, gives each action its figure before and after, as the round scores route does, with the change’s significance', async () => {
    round2 = await runQuarter(worker, world, { ...Q2, councilRatesTrust: [...Q2.councilRatesTrust], trustRatesCouncil: [...Q2.trustRatesCouncil] });
    const scoresOf = async (roundId: string) => (await lead.http.get(`${API}/rounds/${roundId}/scores?limit=500`).expect(200)).body.items as ScoreItem[];
    const [scores1, scores2] = [await scoresOf(round1), await scoresOf(round2)];
    const find = (items: ScoreItem[], f: { scope: string; subject: string; measure: string }) => items.find((s) => s.scope === f.scope && s.subject === f.subject && s.measure === f.measure);

    let withheldSeen = false;
    let significantSeen = false;
    for (const [name, id] of Object.entries(actions)) {
      const detail = (await lead.http.get(`${API}/actions/${id}`).expect(200)).body;
      expect({ name, figure: detail.figure }).toEqual({ name, figure: expect.objectContaining({ scope: expect.any(String) }) });
      expect(detail.outcomes).toHaveLength(1);
      const [{ before, after, change }] = detail.outcomes as { before: Figure; after: Figure; change: { delta: number; pValue: number | null; significant: boolean; trend: string } | null }[];
      expect([before.roundId, after.roundId]).toEqual([round1, round2]);
      for (const [figure, score] of [[before, find(scores1, detail.figure)], [after, find(scores2, detail.figure)]] as const) {
        if (!score) expect(figure.status).toBe('not_scored');
        else if (score.suppressed) expect({ name, status: figure.status, mean: figure.mean }).toEqual({ name, status: 'withheld', mean: null });
        else expect({ name, status: figure.status, mean: figure.mean, n: figure.n }).toEqual({ name, status: 'shown', mean: score.mean, n: score.n });
      }
      if (before.status !== 'shown' || after.status !== 'shown') {
        expect(change).toBeNull();
        withheldSeen = true;
        continue;
      }
      const b = find(scores1, detail.figure)!;
      const a = find(scores2, detail.figure)!;
      const p = welchTTest({ n: a.n!, mean: a.mean, sd: a.sd }, { n: b.n!, mean: b.mean, sd: b.sd })?.p ?? null;
      const significant = p !== null && p < 0.05 && Math.abs(a.mean! - b.mean!) >= 5;
      expect(change).toEqual({ delta: expect.closeTo(a.mean! - b.mean!, 9), pValue: p, significant, trend: significant ? (a.mean! > b.mean! ? 'improving' : 'deteriorating') : 'stable' });
      if (name === 'dyad') {
        expect(change).toMatchObject({ significant: true, trend: 'improving' });
        significantSeen = true;
      }
    }
    // The trust → council tie rests on two raters in quarter 2: its after is withheld, never a value.
    const withheld = (await lead.http.get(`${API}/actions/${actions.withheldDyad}`).expect(200)).body.outcomes[0];
    expect(withheld.after).toMatchObject({ status: 'withheld', mean: null, n: null, respondents: null });
    expect(withheld.before).toMatchObject({ status: 'shown' });
    expect(withheld.change).toBeNull();
    expect(withheldSeen && significantSeen).toBe(true);
  }, 120_000);

  it('reminds the owners of an overdue action once, by email and in the app, however often the step runs', async () => {
    const overdue = await create({ ...base(), linkKind: 'dimension', dimension: 'delivery', description: 'Publish the joint delivery plan', dueOn: isoDay(-2) }).expect(201);
    expect(overdue.body.overdue).toBe(true);
    const listed = await lead.http.get(`${API}/footprints/${world.footprint.id}/actions?overdue=true`).expect(200);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([overdue.body.id]);
    const mine = await lead.http.get(`${API}/me/actions/overdue`).expect(200);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([overdue.body.id]);
    const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
    expect((await analyst.http.get(`${API}/me/actions/overdue`).expect(200)).body.items).toEqual([]);

    // Two workers' ticks side by side, then a third: one claim, one job.
    const reminders = worker.get(OverdueReminders);
    const claimed = (await Promise.all([reminders.queue(new Date()), reminders.queue(new Date())])).flat();
    expect(claimed.filter((id) => id === overdue.body.id)).toHaveLength(1);
    expect(await reminders.queue(new Date())).not.toContain(overdue.body.id);
    const db = worker.get(DataSource);
    const jobs = await db.query("SELECT job_id, payload FROM outbox WHERE job_name = 'action.remind' AND payload->>'actionId' = $1", [overdue.body.id]);
    expect(jobs).toEqual([{ job_id: `action.remind-${overdue.body.id}`, payload: { actionId: overdue.body.id } }]);
    // The notifications queue runs the job (twice, as a redelivered job would be, with the same message id).
    const processor = worker.get(NotificationsProcessor);
    const outcome = await processor.process(job('action.remind', { actionId: overdue.body.id }, jobs[0].job_id) as never);
    expect(outcome).toEqual({ status: 'sent', recipients: 1 });

    await waitForMail(lead.email, 1);
    const mail = (await mailTo(lead.email)).find((m) => m.subject.includes('Overdue action'));
    expect(mail!.subject).toContain('Overdue action: Publish the joint delivery plan');
    expect(mail!.text).toContain(`actions/${overdue.body.id}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await mailTo(lead.email)).filter((m) => m.subject.includes('Overdue action'))).toHaveLength(1);

    const detail = await lead.http.get(`${API}/actions/${overdue.body.id}`).expect(200);
    expect(detail.body.remindedAt).toEqual(expect.any(String));
    // Done: no longer overdue, in the list or the app.
    await lead.http.patch(`${API}/actions/${overdue.body.id}`).send({ status: 'done' }).expect(200);
    expect((await lead.http.get(`${API}/me/actions/overdue`).expect(200)).body.items).toEqual([]);
  });

  it('exports one row per action to /bi/actions with the same gated figures', async () => {
    const key = await createApiKey(app, [world.footprint.id]);
    const res = await key.http.get(`${API}/bi/actions?limit=100`).expect(200);
    const rows = res.body.items as Record<string, unknown>[];
    expect(rows.length).toBe(Object.keys(actions).length + 1);
    for (const [name, id] of Object.entries(actions)) {
      const row = rows.find((r) => r.action_id === id)!;
      const detail = (await lead.http.get(`${API}/actions/${id}`).expect(200)).body;
      const [{ before, after, change }] = detail.outcomes;
      expect({ name, row: pick(row) }).toEqual({
        name,
        row: {
          link_kind: detail.linkKind,
          status: detail.status,
          due_on: detail.dueOn,
          owner_organisation_id: detail.ownerOrganisationId,
          baseline_round_id: round1,
          after_round_id: round2,
          before_suppressed: before.status === 'withheld',
          before_mean: approx(before.mean),
          after_suppressed: after.status === 'withheld',
          after_mean: approx(after.mean),
          delta: approx(change?.delta ?? null),
          significant: change ? change.significant : null,
        },
      });
    }
    const csv = await key.http.get(`${API}/bi/actions?format=csv&status=planned,in_progress`).expect(200);
    expect(csv.text.split('\n')[0]).toContain('action_id,link_kind');
    await key.http.get(`${API}/bi/actions?status=finished`).expect(400);
  });
});

const approx = (value: number | null) => (value === null ? null : expect.closeTo(value, 9));

function pick(row: Record<string, unknown>) {
  const keys = ['link_kind', 'status', 'due_on', 'owner_organisation_id', 'baseline_round_id', 'after_round_id', 'before_suppressed', 'before_mean', 'after_suppressed', 'after_mean', 'delta', 'significant'];
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}
