import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/app';
import { asAdmin, createApiKey, type SignedIn } from '../support/auth';
import { API } from '../support/factories-registry';
import { pulseBody, runQueuedScoring, scoringWorld, scoringWorker } from '../support/factories-scoring';

/**
 * Published figures equal the scoring rules to 1e-9, checked against exact rational arithmetic on
 * the answers (never against the scoring code): means on a band bound built from thirds, and what
 * the demo data never has — "don't know", reversed items, unequal dimension weights, yes/no items,
 * scales of 3, 4, 5 and 7 options.
 */

/** An exact rational, so the expected figures carry no rounding at all until the final comparison. */
class Exact {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(n: number | bigint, d: number | bigint = 1): Exact {
    let [num, den] = [BigInt(n), BigInt(d)];
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(num < 0n ? -num : num, den);
    return new Exact(num / g, den / g);
  }

  plus(other: Exact): Exact {
    return Exact.of(this.n * other.d + other.n * this.d, this.d * other.d);
  }

  minus(other: Exact): Exact {
    return this.plus(Exact.of(-other.n, other.d));
  }

  times(other: Exact): Exact {
    return Exact.of(this.n * other.n, this.d * other.d);
  }

  over(other: Exact): Exact {
    return Exact.of(this.n * other.d, this.d * other.n);
  }

  compare(other: Exact): number {
    const diff = this.n * other.d - other.n * this.d;
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  }

  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? (a === 0n ? 1n : a) : gcd(b, a % b);
}

const ZERO = Exact.of(0);

function exactMean(values: readonly Exact[]): Exact | null {
  return values.length ? values.reduce((sum, v) => sum.plus(v), ZERO).over(Exact.of(values.length)) : null;
}

/** Sample sd: the square root is the one inexact step, taken of the exact variance. */
function exactSd(values: readonly Exact[]): number | null {
  const m = exactMean(values);
  if (m === null || values.length < 2) return null;
  const squares = values.reduce((sum, v) => sum.plus(v.minus(m).times(v.minus(m))), ZERO);
  return Math.sqrt(squares.over(Exact.of(values.length - 1)).toNumber());
}

/** The rules' band of an exact mean: strong ≥ 75, moderate ≥ 50, concern below. */
function band(value: Exact): string {
  return value.compare(Exact.of(75)) >= 0 ? 'strong' : value.compare(Exact.of(50)) >= 0 ? 'moderate' : 'concern';
}

/** Option at position i of m scores 100·i/(m − 1); reversed items 100 minus that. */
function item(position: number, options: number, reversed = false): Exact {
  const score = Exact.of(100 * position, options - 1);
  return reversed ? Exact.of(100).minus(score) : score;
}

interface ScoreBody {
  scope: string;
  subject: string;
  measure: string;
  suppressed: boolean;
  n: number | null;
  mean: number | null;
  sd: number | null;
  band: string | null;
  perceptionGap: { value: number | null; suppressed: boolean } | null;
}

async function footprintScores(lead: SignedIn, footprintId: string): Promise<ScoreBody[]> {
  const res = await lead.http.get(`${API}/footprints/${footprintId}/scores?limit=500`).expect(200);
  expect(res.body.nextCursor).toBeNull();
  return res.body.items;
}

function find(items: readonly ScoreBody[], scope: string, subject: string, measure: string): ScoreBody {
  const found = items.find((s) => s.scope === scope && s.subject === subject && s.measure === measure);
  if (!found) throw new Error(`no ${scope} ${subject} ${measure} score`);
  return found;
}

/** The published score is shown and equals the exact figure to 1e-9, with the rules' band. */
function expectExact(score: ScoreBody, mean: Exact, values?: readonly Exact[]): void {
  expect(score.suppressed).toBe(false);
  expect(Math.abs((score.mean as number) - mean.toNumber())).toBeLessThan(1e-9);
  expect(score.band).toBe(band(mean));
  if (values) {
    expect(score.n).toBe(values.length);
    expect(Math.abs((score.sd as number) - (exactSd(values) as number))).toBeLessThan(1e-9);
  }
}

async function submitByLinks(app: INestApplication, lead: SignedIn, roundId: string, organisationId: string, bodies: readonly Record<string, unknown>[]): Promise<void> {
  const links = await lead.http.post(`${API}/rounds/${roundId}/links`).send({ organisationId, count: bodies.length }).expect(201);
  for (const [i, body] of bodies.entries()) {
    await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', links.body.items[i].token).send(body).expect(201);
  }
}

async function closeAndScore(worker: INestApplicationContext, lead: SignedIn, roundId: string): Promise<void> {
  await lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
  expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored' });
}

async function createRound(lead: SignedIn, footprintId: string, instrumentId?: string): Promise<string> {
  const hour = 3600_000;
  const round = await lead.http
    .post(`${API}/footprints/${footprintId}/rounds`)
    .send({ period: '2026-Q3', opensAt: new Date(Date.now() - hour).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * hour).toISOString(), ...(instrumentId ? { instrumentId } : {}) })
    .expect(201);
  await lead.http.post(`${API}/rounds/${round.body.id}/open`).expect(200);
  return round.body.id as string;
}

describe('exact figures', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    app = await startApi();
    worker = await scoringWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  /**
   * Relationship Health Pulse v1's trust is three items: two of five options (steps of 25) and one of
   * three (steps of 50), so a respondent's trust is 25·(a + b + 2c)/3, in thirds. Eight respondents
   * whose a + b + 2c add up to 48 average exactly 50; to 72, exactly 75. Stored as 32-bit floats,
   * the first read 49.999999046 and was banded 'concern'.
   */
  describe.each([
    [50, [4, 5, 7, 8, 4, 5, 7, 8], 'moderate'],
    [75, [7, 8, 10, 11, 7, 8, 10, 11], 'strong'],
  ])('a trust mean of exactly %p built from thirds', (bound, sums, expectedBand) => {
    let lead: SignedIn;
    let footprintId: string;
    let organisationId: string;

    /** a + b + 2c = s with a, b ≤ 4 (five options) and c ≤ 2 (three options). */
    function trustAnswers(s: number): Record<string, string> {
      const agreement = ['strongly_disagree', 'disagree', 'neither_agree_nor_disagree', 'agree', 'strongly_agree'];
      const c = Math.min(2, Math.floor(s / 4));
      const a = Math.min(4, s - 2 * c);
      const b = s - 2 * c - a;
      return { trust_commitments: agreement[a] as string, trust_openness: agreement[b] as string, trust_nhs_council: ['limited', 'reasonable', 'very_strong'][c] as string };
    }

    beforeAll(async () => {
      const world = await scoringWorld(app, [
        { label: 'council', type: 'unitary_authority' },
        { label: 'trust', type: 'acute_trust' },
      ]);
      lead = world.lead;
      footprintId = world.footprint.id;
      organisationId = world.members.council.id;
      const roundId = await createRound(lead, footprintId);
      const bodies = sums.map((s) => {
        const body = pulseBody({ role: 'finance', level: 2, ratings: {} });
        return { ...body, answers: { ...(body.answers as Record<string, string>), ...trustAnswers(s) } };
      });
      await submitByLinks(app, lead, roundId, organisationId, bodies);
      await closeAndScore(worker, lead, roundId);
    }, 120_000);

    it(`publishes exactly ${bound}, banded ${expectedBand}, for the footprint, the member and its sector`, async () => {
      expect(sums.reduce((sum, s) => sum + s, 0)).toBe((bound * 8 * 3) / 25);
      const trust = sums.map((s) => Exact.of(25 * s, 3));
      const mean = exactMean(trust) as Exact;
      expect(mean.compare(Exact.of(bound))).toBe(0);
      const items = await footprintScores(lead, footprintId);
      for (const score of [find(items, 'dimension', 'footprint', 'trust'), find(items, 'organisation', organisationId, 'trust'), find(items, 'sector', 'local_government', 'trust')]) {
        expectExact(score, mean, trust);
        expect(score.band).toBe(expectedBand);
      }
    });
  });

  describe("'don't know', reversed items, unequal dimension weights, yes/no and scales of 3, 4, 5 and 7 options", () => {
    /** Options by count, least favourable first. */
    const options = (count: number) => Array.from({ length: count }, (_, i) => ({ value: `o${i}`, label: `Option ${i}` }));
    const WEIGHTS = { trust: 3, delivery: 1 };
    const QUESTIONS = {
      t_keep: { type: 'scale', dimension: 'trust', options: 4, reversed: false },
      t_blame: { type: 'scale', dimension: 'trust', options: 7, reversed: true },
      d_done: { type: 'yes_no', dimension: 'delivery', options: 2, reversed: false },
      d_late: { type: 'scale', dimension: 'delivery', options: 5, reversed: true },
      p_trust: { type: 'partner_rating', dimension: null, options: 4, reversed: false },
      p_blame: { type: 'partner_rating', dimension: null, options: 3, reversed: true },
    } as const;
    type Key = keyof typeof QUESTIONS;
    /** A respondent's answers: an option position, or 'dk' for "don't know". */
    type Answers = Record<Key, number | 'dk'>;

    const councilAnswers: Answers[] = [
      { t_keep: 1, t_blame: 2, d_done: 1, d_late: 0, p_trust: 2, p_blame: 0 },
      { t_keep: 2, t_blame: 'dk', d_done: 0, d_late: 3, p_trust: 1, p_blame: 'dk' },
      { t_keep: 'dk', t_blame: 'dk', d_done: 1, d_late: 'dk', p_trust: 3, p_blame: 1 },
      { t_keep: 3, t_blame: 5, d_done: 0, d_late: 1, p_trust: 0, p_blame: 2 },
      { t_keep: 0, t_blame: 1, d_done: 1, d_late: 4, p_trust: 2, p_blame: 1 },
      { t_keep: 2, t_blame: 6, d_done: 1, d_late: 2, p_trust: 1, p_blame: 'dk' },
    ];
    const trustAnswers: Answers[] = [
      { t_keep: 3, t_blame: 0, d_done: 1, d_late: 'dk', p_trust: 3, p_blame: 0 },
      { t_keep: 1, t_blame: 4, d_done: 0, d_late: 2, p_trust: 2, p_blame: 2 },
      { t_keep: 'dk', t_blame: 3, d_done: 1, d_late: 1, p_trust: 1, p_blame: 1 },
      { t_keep: 2, t_blame: 'dk', d_done: 0, d_late: 0, p_trust: 2, p_blame: 'dk' },
      { t_keep: 1, t_blame: 1, d_done: 1, d_late: 3, p_trust: 0, p_blame: 2 },
    ];

    /** The rules on one respondent: items scored, "don't know" left out, a dimension's mean of its items. */
    function dimension(answers: Answers, key: 'trust' | 'delivery'): Exact | null {
      const scores = (Object.keys(QUESTIONS) as Key[])
        .filter((k) => QUESTIONS[k].dimension === key && answers[k] !== 'dk')
        .map((k) => item(answers[k] as number, QUESTIONS[k].options, QUESTIONS[k].reversed));
      return exactMean(scores);
    }

    /** RHI: the weighted mean of the dimensions scored, weights renormalised over them. */
    function rhi(answers: Answers): Exact | null {
      let sum = ZERO;
      let weights = ZERO;
      for (const key of ['trust', 'delivery'] as const) {
        const score = dimension(answers, key);
        if (score === null) continue;
        sum = sum.plus(score.times(Exact.of(WEIGHTS[key])));
        weights = weights.plus(Exact.of(WEIGHTS[key]));
      }
      return weights.compare(ZERO) === 0 ? null : sum.over(weights);
    }

    /** A partner rating: the mean of its scored items. */
    function rating(answers: Answers): Exact {
      const scores = (['p_trust', 'p_blame'] as const).filter((k) => answers[k] !== 'dk').map((k) => item(answers[k] as number, QUESTIONS[k].options, QUESTIONS[k].reversed));
      return exactMean(scores) as Exact;
    }

    const present = <T>(values: readonly (T | null)[]): T[] => values.filter((v): v is T => v !== null);

    let lead: SignedIn;
    let footprintId: string;
    let instrumentId: string;
    const instrumentKey = `exact-${Date.now()}`;
    let council: string;
    let trust: string;
    let items: ScoreBody[];

    beforeAll(async () => {
      const admin = await asAdmin(app);
      const value = (k: Key, answer: number | 'dk') => (answer === 'dk' ? 'dont_know' : QUESTIONS[k].type === 'yes_no' ? (answer ? 'yes' : 'no') : `o${answer}`);
      const created = await admin.http
        .post(`${API}/instruments`)
        .send({
          key: instrumentKey,
          name: 'Exact figures check',
          dimensions: [
            { key: 'trust', name: 'Trust', weight: WEIGHTS.trust },
            { key: 'delivery', name: 'Delivery', weight: WEIGHTS.delivery },
          ],
          questions: [
            ...(Object.keys(QUESTIONS) as Key[]).map((key) => {
              const q = QUESTIONS[key];
              return {
                key,
                text: `Question ${key}`,
                type: q.type,
                ...(q.dimension ? { dimension: q.dimension } : {}),
                ...(q.type === 'yes_no' ? {} : { options: options(q.options) }),
                reversed: q.reversed,
                allowDontKnow: key !== 'd_done' && key !== 'p_trust',
              };
            }),
            { key: 'barrier', text: 'Main barrier', type: 'single_choice', options: options(3), required: false },
          ],
        })
        .expect(201);
      instrumentId = created.body.id;
      const world = await scoringWorld(app, [
        { label: 'council', type: 'unitary_authority' },
        { label: 'trust', type: 'acute_trust' },
      ]);
      lead = world.lead;
      footprintId = world.footprint.id;
      council = world.members.council.id;
      trust = world.members.trust.id;
      const roundId = await createRound(lead, footprintId, instrumentId);
      const body = (answers: Answers, partner: string) => ({
        respondentRole: 'finance',
        answers: { t_keep: value('t_keep', answers.t_keep), t_blame: value('t_blame', answers.t_blame), d_done: value('d_done', answers.d_done), d_late: value('d_late', answers.d_late), barrier: 'o1' },
        partnerRatings: { [partner]: { p_trust: value('p_trust', answers.p_trust), p_blame: value('p_blame', answers.p_blame) } },
      });
      await submitByLinks(app, lead, roundId, council, councilAnswers.map((a) => body(a, trust)));
      await submitByLinks(app, lead, roundId, trust, trustAnswers.map((a) => body(a, council)));
      await closeAndScore(worker, lead, roundId);
      items = await footprintScores(lead, footprintId);
    }, 120_000);

    it('has answers that exercise each case', () => {
      const all = [...councilAnswers, ...trustAnswers];
      expect(all.some((a) => dimension(a, 'trust') === null)).toBe(true); // a whole dimension "don't know": RHI from delivery alone
      expect(all.filter((a) => a.p_blame === 'dk').length).toBeGreaterThan(0);
      expect(present(all.map((a) => rhi(a))).some((r) => r.d !== 1n)).toBe(true); // not a whole number
    });

    it('scores each dimension and the weighted RHI of the footprint, each member and each sector', () => {
      const groups: [string, string, Answers[]][] = [
        ['footprint', 'footprint', [...councilAnswers, ...trustAnswers]],
        ['organisation', council, councilAnswers],
        ['organisation', trust, trustAnswers],
        ['sector', 'local_government', councilAnswers],
        ['sector', 'nhs', trustAnswers],
      ];
      for (const [scope, subject, answers] of groups) {
        const rhis = present(answers.map(rhi));
        expectExact(find(items, scope, subject, 'rhi'), exactMean(rhis) as Exact, rhis);
        for (const key of ['trust', 'delivery'] as const) {
          const values = present(answers.map((a) => dimension(a, key)));
          expectExact(find(items, scope === 'footprint' ? 'dimension' : scope, subject, key), exactMean(values) as Exact, values);
        }
      }
    });

    it('scores the dyads, the sector pairs, their perception gap and the trust each member receives and gives', () => {
      const councilOfTrust = councilAnswers.map(rating);
      const trustOfCouncil = trustAnswers.map(rating);
      const forward = exactMean(councilOfTrust) as Exact;
      const backward = exactMean(trustOfCouncil) as Exact;
      const dyad = find(items, 'dyad', `${council}>${trust}`, 'partner_rating');
      expectExact(dyad, forward, councilOfTrust);
      expectExact(find(items, 'dyad', `${trust}>${council}`, 'partner_rating'), backward, trustOfCouncil);
      expect(Math.abs((dyad.perceptionGap?.value as number) - forward.minus(backward).toNumber())).toBeLessThan(1e-9);
      expectExact(find(items, 'sector_pair', 'local_government>nhs', 'partner_rating'), forward);
      expectExact(find(items, 'sector_pair', 'nhs>local_government', 'partner_rating'), backward);
      expectExact(find(items, 'network', trust, 'trust_received'), forward);
      expectExact(find(items, 'network', council, 'trust_given'), forward);
      expectExact(find(items, 'network', council, 'trust_received'), backward);
    });

    it('publishes each option score of the instrument unrounded in the BI instruments read model', async () => {
      const key = await createApiKey(app, [footprintId]);
      const res = await key.http.get(`${API}/bi/instruments?instrument=${instrumentKey}&limit=100`).expect(200);
      const rows = res.body.items as { question_key: string; option_position: number | null; option_score: number | null }[];
      const scored = rows.filter((r) => r.question_key in QUESTIONS);
      expect(scored).toHaveLength(Object.values(QUESTIONS).reduce((sum, q) => sum + q.options, 0));
      for (const row of scored) {
        const q = QUESTIONS[row.question_key as Key];
        expect(Math.abs((row.option_score as number) - item(row.option_position as number, q.options, q.reversed).toNumber())).toBeLessThan(1e-12);
      }
    });
  });
});
