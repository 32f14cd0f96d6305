import { createHmac } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { startApi } from '../support/app';
import { API } from '../support/factories-registry';
import { waitForMail } from '../support/mail';
import { WebhookReceiver } from '../support/webhook-receiver';
import { evaluateAlerts, sendNotifications, startWorkerContext } from './alerts-helpers';
import { answerByLinks, handScores, mean, openRound, type Respondent, runQueuedScoring, type ScoringWorld, scoringWorld, scoringWorker } from '../support/factories-scoring';

/**
 * Scenario: over four quarters the council's respondents think less and less of the acute trust,
 * while the trust's view of the council holds. Each quarter goes through the API as a lead runs it
 * (open, respondents answer by link, close), the scoring job the close queued runs, and the scores
 * read back through the API match what this test works out from the answers by hand.
 *
 * Alerts (RHI drops, dyads entering concern, three consecutive declines, notifications) extend this
 * scenario in their own assertions.
 */
const QUARTERS = [
  // How each of the council's six respondents rates the trust (0–4), and how the trust's five rate the council.
  { period: '2025-Q4', councilRatesTrust: [4, 4, 4, 3, 4, 4], trustRatesCouncil: [3, 3, 4, 3, 3] },
  { period: '2026-Q1', councilRatesTrust: [3, 3, 3, 3, 4, 3], trustRatesCouncil: [3, 4, 3, 3, 3] },
  { period: '2026-Q2', councilRatesTrust: [2, 2, 2, 3, 2, 2], trustRatesCouncil: [3, 3, 3, 4, 3] },
  { period: '2026-Q3', councilRatesTrust: [1, 1, 1, 0, 1, 2], trustRatesCouncil: [3, 3, 3, 3, 4] },
];
/** Student's t at 0.975 for 8 degrees of freedom: beyond it, with df ≥ 8, p < 0.05. */
const T_CRITICAL_DF8 = 2.306;

interface ScoreBody {
  scope: string;
  subject: string;
  measure: string;
  period: string;
  n: number | null;
  mean: number | null;
  band: string | null;
  comparison: { delta: number | null; pValue: number | null; significant: boolean | null; trend: string | null; consecutiveDeclines: number | null } | null;
  slope: { value: number | null } | null;
  perceptionGap: { value: number | null } | null;
}

/** Welch's t and its degrees of freedom, by hand. */
function welch(before: number[], after: number[]): { t: number; df: number } {
  const variance = (xs: number[]) => xs.reduce((sum, x) => sum + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
  const a = variance(before) / before.length;
  const b = variance(after) / after.length;
  return { t: (mean(after) - mean(before)) / Math.sqrt(a + b), df: (a + b) ** 2 / (a ** 2 / (before.length - 1) + b ** 2 / (after.length - 1)) };
}

describe('scenario: the council’s relationship with the acute trust falls quarter by quarter', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let world: ScoringWorld<'council' | 'trust'>;
  const scored: Record<string, ScoreBody[]> = {};

  const councilToTrust = (quarter: number) => (QUARTERS[quarter]?.councilRatesTrust ?? []).map(handScores.partner);
  const find = (period: string, scope: string, subject: string, measure: string) => {
    const found = scored[period]?.find((s) => s.scope === scope && s.subject === subject && s.measure === measure);
    if (!found) throw new Error(`no ${scope} ${subject} ${measure} score in ${period}`);
    return found;
  };

  beforeAll(async () => {
    app = await startApi();
    worker = await scoringWorker();
    world = await scoringWorld(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
    ]);
    const { council, trust } = world.members;
    for (const quarter of QUARTERS) {
      const roundId = await openRound(world.lead, world.footprint.id, quarter.period);
      const councillors: Respondent[] = quarter.councilRatesTrust.map((level) => ({ role: 'adult_social_care', level: 3, ratings: { [trust.id]: level } }));
      const trustees: Respondent[] = quarter.trustRatesCouncil.map((level) => ({ role: 'chief_executive', level: 3, ratings: { [council.id]: level } }));
      await answerByLinks(app, world.lead, roundId, council.id, councillors);
      await answerByLinks(app, world.lead, roundId, trust.id, trustees);
      await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
      await runQueuedScoring(worker, 'round.score', roundId);
      const res = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/scores?limit=500`).expect(200);
      expect(res.body.round).toMatchObject({ id: roundId, period: quarter.period, provisional: false, respondents: 11 });
      scored[quarter.period] = res.body.items;
    }
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('scores the council → trust dyad each quarter as the mean of the council respondents’ ratings', () => {
    const { council, trust } = world.members;
    QUARTERS.forEach((quarter, i) => {
      const dyad = find(quarter.period, 'dyad', `${council.id}>${trust.id}`, 'partner_rating');
      expect(dyad.n).toBe(6);
      expect(dyad.mean).toBeCloseTo(mean(councilToTrust(i)), 4);
      const expected = mean(councilToTrust(i));
      expect(dyad.band).toBe(expected >= 75 ? 'strong' : expected >= 50 ? 'moderate' : 'concern');
    });
    // From strong to concern in a year.
    expect(find('2025-Q4', 'dyad', `${council.id}>${trust.id}`, 'partner_rating').band).toBe('strong');
    expect(find('2026-Q3', 'dyad', `${council.id}>${trust.id}`, 'partner_rating').band).toBe('concern');
  });

  it('compares each quarter with the one before: delta, a significant fall, and the run of declines', () => {
    const { council, trust } = world.members;
    expect(find('2025-Q4', 'dyad', `${council.id}>${trust.id}`, 'partner_rating').comparison).toBeNull();
    for (let i = 1; i < QUARTERS.length; i++) {
      const dyad = find(QUARTERS[i]?.period as string, 'dyad', `${council.id}>${trust.id}`, 'partner_rating');
      const { t, df } = welch(councilToTrust(i - 1), councilToTrust(i));
      expect(df).toBeGreaterThanOrEqual(8);
      expect(Math.abs(t)).toBeGreaterThan(T_CRITICAL_DF8);
      expect(dyad.comparison?.delta).toBeCloseTo(mean(councilToTrust(i)) - mean(councilToTrust(i - 1)), 4);
      expect(dyad.comparison?.pValue).toBeLessThan(0.05);
      expect(dyad.comparison).toMatchObject({ significant: true, trend: 'deteriorating', consecutiveDeclines: i });
    }
  });

  it('gives the slope over the last four quarters, in points per quarter', () => {
    const { council, trust } = world.members;
    const means = QUARTERS.map((_, i) => mean(councilToTrust(i)));
    // Least squares with x = 0, 1, 2, 3.
    const slope = means.reduce((sum, y, x) => sum + (x - 1.5) * (y - mean(means)), 0) / [0, 1, 2, 3].reduce((sum, x) => sum + (x - 1.5) ** 2, 0);
    expect(find('2026-Q3', 'dyad', `${council.id}>${trust.id}`, 'partner_rating').slope?.value).toBeCloseTo(slope, 4);
  });

  it('shows the widening perception gap between local government and the NHS', () => {
    QUARTERS.forEach((quarter, i) => {
      const trustToCouncil = quarter.trustRatesCouncil.map(handScores.partner);
      const pair = find(quarter.period, 'sector_pair', 'local_government>nhs', 'partner_rating');
      expect(pair.mean).toBeCloseTo(mean(councilToTrust(i)), 4);
      expect(pair.perceptionGap?.value).toBeCloseTo(mean(councilToTrust(i)) - mean(trustToCouncil), 4);
    });
  });

  it('keeps the footprint RHI steady, as the respondents’ general answers did not change', () => {
    const rhi = handScores.rhi({ role: 'finance', level: 3, ratings: {} });
    for (const quarter of QUARTERS) expect(find(quarter.period, 'footprint', 'footprint', 'rhi').mean).toBeCloseTo(rhi, 4);
    expect(find('2026-Q3', 'footprint', 'footprint', 'rhi').comparison).toMatchObject({ delta: 0, trend: 'stable', significant: false, consecutiveDeclines: 0 });
  });

  it('reads the same history back as a trend: every quarter of the dyad, oldest first', async () => {
    const { council, trust } = world.members;
    const res = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/scores/history?scope=dyad&organisationId=${council.id}&rounds=4`).expect(200);
    expect(res.body.rounds.map((r: { period: string }) => r.period)).toEqual(QUARTERS.map((q) => q.period));
    const series = res.body.items.filter((s: ScoreBody) => s.subject === `${council.id}>${trust.id}`);
    expect(series.map((s: ScoreBody) => s.period)).toEqual(QUARTERS.map((q) => q.period));
    series.forEach((s: ScoreBody, i: number) => expect(s.mean).toBeCloseTo(mean(councilToTrust(i)), 4));
  });
  /**
   * The alerts of the same four quarters, each round's 'round.alerts' job run in order, then its
   * notifications sent. By hand, a partner level L scores (6 × 25L + (L = 4 ? 100 : 0)) / 7, so the
   * council rates the trust 94.0, 70.2, 46.4, 21.4 and the trust rates the council 71.4 throughout:
   * - 2025-Q4: local government rates the NHS 22.6 points higher: a perception gap, cleared in 2026-Q1 (1.2);
   * - 2026-Q1: the council → trust dyad falls 23.8 points (≥ 10): one dyad alert, held while it keeps falling;
   * - 2026-Q2: the NHS now rates local government 25.0 points higher: a new perception gap;
   * - 2026-Q3: the dyad's third decline in a row; it is in concern too, but its dyad alert is still open.
   */
  describe('alerts', () => {
    let alertsWorker: INestApplicationContext;
    let receiver: WebhookReceiver;
    let secret: string;
    interface AlertBody {
      id: string;
      kind: string;
      subject: string;
      period: string;
      status: string;
      summary: string;
      resolution: string | null;
      [field: string]: unknown;
    }
    const alertsOf = async (): Promise<AlertBody[]> => (await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?limit=500`).expect(200)).body.items;

    beforeAll(async () => {
      alertsWorker = await startWorkerContext();
      receiver = await new WebhookReceiver().start();
      secret = (await world.lead.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: receiver.url }).expect(201)).body.secret;
      const rounds = (await world.lead.http.get(`${API}/footprints/${world.footprint.id}/rounds`).expect(200)).body.items as { id: string; period: string }[];
      for (const quarter of QUARTERS) {
        await evaluateAlerts(alertsWorker, rounds.find((r) => r.period === quarter.period)?.id as string);
        await sendNotifications(alertsWorker, world.footprint.id);
      }
    }, 60_000);

    afterAll(async () => {
      await receiver?.stop();
      await alertsWorker?.close();
    });

    it('raises each expected alert once, and clears the one whose condition went away', async () => {
      const { council, trust } = world.members;
      const dyad = `dyad:${council.id}>${trust.id}`;
      const gap = 'sector_pair:nhs>local_government';
      const alerts = await alertsOf();
      expect(alerts.map((a) => [a.period, a.kind, a.subject, a.status, a.resolution]).sort()).toEqual([
        ['2025-Q4', 'perception_gap', gap, 'resolved', 'cleared'],
        ['2026-Q1', 'dyad_decline', dyad, 'open', null],
        ['2026-Q2', 'perception_gap', gap, 'open', null],
        ['2026-Q3', 'consecutive_declines', dyad, 'open', null],
      ]);
      const summaries = Object.fromEntries(alerts.map((a) => [`${a.period} ${a.kind}`, a.summary]));
      expect(summaries).toEqual({
        '2025-Q4 perception_gap': 'Local government partners rate the NHS 22.6 points higher than they are rated in return',
        '2026-Q1 dyad_decline': `${council.name} → ${trust.name} fell 23.8 points to 70.2`,
        '2026-Q2 perception_gap': 'NHS partners rate local government 25.0 points higher than they are rated in return',
        '2026-Q3 consecutive_declines': `${council.name} → ${trust.name} declined 3 rounds in a row, to 21.4`,
      });
    });

    it('emailed the lead each alert once, with its words, footprint and round', async () => {
      const mail = await waitForMail(world.lead.email, 4);
      const alerts = await alertsOf();
      expect(mail.map((m) => m.subject).sort()).toEqual(alerts.map((a) => `[Partnership Pulse] Warning: ${a.summary} (${world.footprint.code}, ${a.period})`).sort());
      const declines = alerts.find((a) => a.kind === 'consecutive_declines') as AlertBody;
      const email = mail.find((m) => m.subject.includes(declines.summary));
      expect(email?.text).toContain(`Warning alert for ${world.footprint.name} (${world.footprint.code}), round 2026-Q3:`);
      expect(email?.text).toContain('consecutiveDeclines: 3');
    });

    it('posted each alert once to the footprint’s webhook, signed with HMAC-SHA256 over timestamp.body', async () => {
      expect(receiver.received).toHaveLength(4);
      for (const delivery of receiver.received) {
        const timestamp = delivery.headers['x-pulse-timestamp'] as string;
        expect(delivery.headers['x-pulse-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`);
      }
      const rules = receiver.received.map((d) => JSON.parse(d.body).alert).map((a: { round: { period: string }; rule: string }) => `${a.round.period} ${a.rule}`);
      expect(rules.sort()).toEqual(['2025-Q4 perception_gap', '2026-Q1 dyad_decline', '2026-Q2 perception_gap', '2026-Q3 consecutive_declines']);
    });
  });
});
