import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { relativeWeights } from '@pp/scoring';
import request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin, createApiKey } from '../support/auth';
import { API } from '../support/factories-registry';
import { DIMENSIONS, openRound, PULSE_ITEMS, runQueuedScoring, type ScoringWorld, scoringWorld, scoringWorker } from '../support/factories-scoring';

/**
 * Key drivers of one round, end to end: answers through the API, the final score run as the worker
 * runs it, drivers read back through the round route and /bi/drivers. Correlations, CIs and means are
 * worked out here from the answers with plain arithmetic; the relative weights from those
 * correlations with the pure function, which reproduces a published example in its own tests.
 */
type Label = 'council' | 'trust' | 'icb' | 'practice';

const OUTCOME = 'trust_nhs_council';
const RESPONDENTS = 18;
/** Items that offer "don't know" besides the outcome: respondent i < 14 answers item i mod 9 so, leaving 4 who score every item. */
const DONT_KNOW_ITEMS = PULSE_ITEMS.filter((item) => item.key !== OUTCOME && item.key !== 'involvement_decisions').map((item) => item.key);
const WITH_A_DONT_KNOW = 14;

/** Deterministic answers: a latent view of the partnership per respondent, each item near it. */
function optionIndex(respondent: number, item: number, options: number): number {
  const latent = ((respondent * 7) % RESPONDENTS) / (RESPONDENTS - 1);
  const noise = (((respondent * 31 + item * 17) % 11) - 5) / 5;
  return Math.max(0, Math.min(options - 1, Math.round(latent * (options - 1) + noise * (options === 3 ? 0.5 : 1))));
}

/** Each respondent's item scores (null for "don't know"), by item key. */
function scoresOf(respondent: number): Record<string, number | null> {
  return Object.fromEntries(
    PULSE_ITEMS.map((item, i) => {
      const dontKnow = respondent < WITH_A_DONT_KNOW && DONT_KNOW_ITEMS[respondent % DONT_KNOW_ITEMS.length] === item.key;
      return [item.key, dontKnow ? null : (100 * optionIndex(respondent, i, item.options.length)) / (item.options.length - 1)];
    }),
  );
}

function answersOf(respondent: number): Record<string, string> {
  const answers: Record<string, string> = {};
  PULSE_ITEMS.forEach((item, i) => {
    const dontKnow = respondent < WITH_A_DONT_KNOW && DONT_KNOW_ITEMS[respondent % DONT_KNOW_ITEMS.length] === item.key;
    answers[item.key] = dontKnow ? 'dont_know' : item.options[optionIndex(respondent, i, item.options.length)]!;
  });
  return answers;
}

const average = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Pearson's r over the pairs where both are scored, by plain sums. */
function correlation(x: readonly (number | null)[], y: readonly (number | null)[]): { n: number; r: number } {
  const pairs = x.flatMap((a, i) => (a !== null && y[i] !== null ? [[a, y[i]!] as const] : []));
  const mx = average(pairs.map(([a]) => a));
  const my = average(pairs.map(([, b]) => b));
  const sxy = pairs.reduce((s, [a, b]) => s + (a - mx) * (b - my), 0);
  const sxx = pairs.reduce((s, [a]) => s + (a - mx) ** 2, 0);
  const syy = pairs.reduce((s, [, b]) => s + (b - my) ** 2, 0);
  return { n: pairs.length, r: sxy / Math.sqrt(sxx * syy) };
}

interface DriverBody {
  kind: string;
  key: string;
  dimension: string | null;
  correlation: { suppressed: boolean; reason: string | null; respondents: number | null; mean: number | null; r: number | null; ci95: { lower: number; upper: number } | null };
  importance: { suppressed: boolean; reason: string | null; respondents: number | null; rSquared: number | null; relativeWeight: number | null; share: number | null; class: string | null };
}

describe('key drivers', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let world: ScoringWorld<Label>;
  let roundId: string;

  const scores = Array.from({ length: RESPONDENTS }, (_, i) => scoresOf(i));
  const outcome = scores.map((s) => s[OUTCOME]!);
  /** A driver dimension: the mean of its scored items but the outcome. */
  const dimension = (s: Record<string, number | null>, key: string) => {
    const values = PULSE_ITEMS.filter((item) => item.dimension === key && item.key !== OUTCOME).map((item) => s[item.key]!).filter((v) => v !== null);
    return values.length ? average(values) : null;
  };
  const dimensions = DIMENSIONS.map((key) => scores.map((s) => dimension(s, key)));
  /** What the scores publish for a dimension: the mean of respondents' dimension scores, the outcome item included. */
  const published = (key: string) =>
    average(scores.map((s) => PULSE_ITEMS.filter((item) => item.dimension === key).map((item) => s[item.key]!).filter((v) => v !== null)).filter((v) => v.length).map(average));
  const scored = (key: string) => average(scores.map((s) => s[key]!).filter((v) => v !== null));

  beforeAll(async () => {
    app = await startApi();
    worker = await scoringWorker();
    world = await scoringWorld<Label>(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
      { label: 'icb', type: 'icb' },
      { label: 'practice', type: 'gp_practice' },
    ]);
    roundId = await openRound(world.lead, world.footprint.id, '2026-Q2');
    const labels: Label[] = ['council', 'trust', 'icb', 'practice'];
    const perMember = [5, 5, 5, 3];
    let respondent = 0;
    for (const [m, label] of labels.entries()) {
      const links = await world.lead.http.post(`${API}/rounds/${roundId}/links`).send({ organisationId: world.members[label].id, count: perMember[m] }).expect(201);
      for (const link of links.body.items as { token: string }[]) {
        const body = { respondentRole: 'finance', answers: { ...answersOf(respondent), main_barrier: 'culture' }, partnerRatings: {} };
        await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', link.token).send(body).expect(201);
        respondent++;
      }
    }
    expect(respondent).toBe(RESPONDENTS);
    // Eighteen submissions through the API: minutes, not seconds, on a machine shared with other suites.
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  async function drivers(): Promise<{ body: { period: string | null; outcome: string | null; anonymityThreshold: number; items: DriverBody[] } }> {
    return world.lead.http.get(`${API}/rounds/${roundId}/drivers`).expect(200);
  }

  it('has none while the round is open, even once provisionally scored', async () => {
    // A provisional publication lags the count (docs/scoring.md): it covers the first c respondents,
    // c the largest multiple of k = 5 with c ≤ 18 − 5, so 10.
    expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'scored', respondents: 10 });
    const { body } = await drivers();
    expect(body).toMatchObject({ period: null, outcome: null, items: [] });
  });

  it('gives each dimension its correlation with the overall relationship, 95% CI, relative weight and class once the round is scored', async () => {
    await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
    expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored' });
    const { body } = await drivers();
    expect(body).toMatchObject({ period: '2026-Q2', outcome: OUTCOME, anonymityThreshold: 5 });
    expect(body.items).toHaveLength(DIMENSIONS.length + PULSE_ITEMS.length - 1);

    // Every respondent scores the outcome and every dimension: the model is over all 18.
    const model = DIMENSIONS.map((_, j) => DIMENSIONS.map((__, l) => correlation(dimensions[j]!, dimensions[l]!).r));
    const fitted = relativeWeights(model, dimensions.map((d) => correlation(d, outcome).r))!;
    expect(fitted.rSquared).toBeGreaterThan(0);
    const shown = body.items.filter((d) => d.kind === 'dimension');
    expect(shown.map((d) => d.key).sort()).toEqual([...DIMENSIONS].sort());
    const means: number[] = [];
    for (const [j, key] of DIMENSIONS.entries()) {
      const driver = shown.find((d) => d.key === key)!;
      const expected = correlation(dimensions[j]!, outcome);
      means.push(published(key));
      expect(driver.correlation).toMatchObject({ suppressed: false, reason: null, respondents: RESPONDENTS });
      expect(driver.correlation.r).toBeCloseTo(expected.r, 9);
      // The dimension's footprint score as the scores route shows it, not a mean over those who also scored the outcome.
      expect(driver.correlation.mean).toBeCloseTo(published(key), 9);
      const score = await world.lead.http.get(`${API}/rounds/${roundId}/scores?scope=dimension&measure=${key}`).expect(200);
      expect(driver.correlation.mean).toBeCloseTo(score.body.items[0].mean, 9);
      // Fisher's z: atanh(r) ± 1.959964/√(n − 3).
      const half = 1.959963984540054 / Math.sqrt(RESPONDENTS - 3);
      expect(driver.correlation.ci95!.lower).toBeCloseTo(Math.tanh(Math.atanh(expected.r) - half), 9);
      expect(driver.correlation.ci95!.upper).toBeCloseTo(Math.tanh(Math.atanh(expected.r) + half), 9);
      expect(driver.importance).toMatchObject({ suppressed: false, reason: null, respondents: RESPONDENTS });
      expect(driver.importance.rSquared).toBeCloseTo(fitted.rSquared, 9);
      expect(driver.importance.relativeWeight).toBeCloseTo(fitted.weights[j]!, 9);
      expect(driver.importance.share).toBeCloseTo(fitted.weights[j]! / fitted.rSquared, 9);
    }
    // The weights share out R², and the order is by share.
    expect(shown.reduce((sum, d) => sum + d.importance.relativeWeight!, 0)).toBeCloseTo(fitted.rSquared, 9);
    expect(shown.map((d) => d.importance.share)).toEqual([...shown.map((d) => d.importance.share!)].sort((a, b) => b - a));
    // Classes by the documented thresholds: a share of at least 1/5; low when below the mean of means or under 50.
    const meanOfMeans = average(means);
    for (const [j, key] of DIMENSIONS.entries()) {
      const share = fitted.weights[j]! / fitted.rSquared;
      const expectedClass = share < 1 / DIMENSIONS.length ? 'neither' : means[j]! < meanOfMeans || means[j]! < 50 ? 'priority' : 'strength';
      expect([key, shown.find((d) => d.key === key)!.importance.class]).toEqual([key, expectedClass]);
    }
  });

  it('shows each item’s correlation over the respondents who scored it, and withholds the item weights: only 4 scored every item', async () => {
    const { body } = await drivers();
    const items = body.items.filter((d) => d.kind === 'item');
    expect(items.map((d) => d.key).sort()).toEqual(PULSE_ITEMS.filter((i) => i.key !== OUTCOME).map((i) => i.key).sort());
    for (const item of items) {
      const expected = correlation(scores.map((s) => s[item.key]!), outcome);
      expect(item.dimension).toBe(PULSE_ITEMS.find((i) => i.key === item.key)!.dimension);
      expect(item.correlation).toMatchObject({ suppressed: false, respondents: expected.n });
      expect(expected.n).toBeGreaterThanOrEqual(16);
      expect(item.correlation.r).toBeCloseTo(expected.r, 9);
      expect(item.correlation.mean).toBeCloseTo(scored(item.key), 9);
      expect(item.importance).toEqual({ suppressed: true, reason: 'fewer than 5 respondents', respondents: null, rSquared: null, relativeWeight: null, share: null, class: null });
    }
  });

  it('exports the same figures through /bi/drivers, with the withheld ones empty, in JSON and CSV', async () => {
    const key = await createApiKey(app, [world.footprint.id]);
    const page = await key.http.get(`${API}/bi/drivers?footprint=${world.footprint.id}&limit=1000`).expect(200);
    const rows = page.body.items as Record<string, unknown>[];
    const { body } = await drivers();
    expect(rows).toHaveLength(body.items.length);
    for (const driver of body.items) {
      const row = rows.find((r) => r.kind === driver.kind && r.driver === driver.key)!;
      expect(row).toMatchObject({ period: '2026-Q2', round_id: roundId, outcome: OUTCOME, correlation_suppressed: false, respondents: driver.correlation.respondents });
      expect(row.correlation as number).toBeCloseTo(driver.correlation.r!, 12);
      expect(row.ci_upper as number).toBeCloseTo(driver.correlation.ci95!.upper, 12);
      if (driver.kind === 'dimension') {
        expect(row).toMatchObject({ importance_suppressed: false, model_respondents: RESPONDENTS, class: driver.importance.class });
        expect(row.importance as number).toBeCloseTo(driver.importance.share!, 12);
      } else {
        expect(row).toMatchObject({ importance_suppressed: true, model_respondents: null, r_squared: null, relative_weight: null, importance: null, class: null });
      }
    }
    const dimensionsOnly = await key.http.get(`${API}/bi/drivers?footprint=${world.footprint.id}&kind=dimension`).expect(200);
    expect(dimensionsOnly.body.items.map((r: { driver: string }) => r.driver).sort()).toEqual([...DIMENSIONS].sort());
    const csv = await key.http.get(`${API}/bi/drivers?footprint=${world.footprint.id}&format=csv`).expect(200);
    const [header, ...lines] = csv.text.trim().split('\n');
    expect(header!.split(',').slice(0, 8)).toEqual(['footprint_code', 'footprint_name', 'period', 'round_id', 'outcome', 'kind', 'driver', 'dimension']);
    expect(lines).toHaveLength(body.items.length);
    await key.http.get(`${API}/bi/drivers?kind=weather`).expect(400);
  });

  it('withholds a correlation resting on fewer than k once the lead raises k, and keeps those resting on k or more', async () => {
    await (await asAdmin(app)).http.patch(`${API}/footprints/${world.footprint.id}`).send({ anonymityThreshold: 17 }).expect(200);
    const { body } = await drivers();
    expect(body.anonymityThreshold).toBe(17);
    for (const driver of body.items) {
      const n = driver.kind === 'dimension' ? RESPONDENTS : correlation(scores.map((s) => s[driver.key]!), outcome).n;
      if (n >= 17) expect(driver.correlation).toMatchObject({ suppressed: false, respondents: n });
      else expect(driver.correlation).toEqual({ suppressed: true, reason: 'fewer than 17 respondents', respondents: null, mean: null, r: null, ci95: null });
    }
    expect(body.items.some((d) => d.correlation.suppressed)).toBe(true);
    expect(body.items.filter((d) => d.kind === 'dimension').every((d) => !d.importance.suppressed)).toBe(true);
  });

  it('answers 404 for a round that does not exist', async () => {
    await world.lead.http.get(`${API}/rounds/00000000-0000-4000-8000-000000000000/drivers`).expect(404);
  });
});
