import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import type { ExactScores1796420000000 } from '../../migrations/1796420000000-exact-scores';
import type * as ScoringFactories from '../support/factories-scoring';
import { databaseOfItsOwn } from '../support/processes';

/**
 * The migration to double precision on data written before it: on a database of its own, the
 * migration is first undone (its down() puts the 32-bit columns back, rounding what is stored, as
 * the old code did), two rounds are answered, closed and scored as they were then, and the migration
 * runs again. It must store what today's survey engine stores for the same answers, bit for bit; fix
 * the stored means and bands at once, naming every band it changed on its log line; and queue the
 * worker's rescoring, which rewrites the footprint's rounds in period order with exact figures.
 */
const API = '/api/v1';
const AGREEMENT = ['strongly_disagree', 'disagree', 'neither_agree_nor_disagree', 'agree', 'strongly_agree'];
const PARTNER_SCALES = ['partner_overall', 'partner_reliable', 'partner_mission', 'partner_open', 'partner_communication', 'partner_problem_solving'];
const OVERALL = ['very_poor', 'poor', 'neither_good_nor_poor', 'good', 'very_good'];

/** Trust is 25·(a + b + 2c)/3 (two five-option items and one of three); `s` = a + b + 2c. */
function trustAnswers(s: number): Record<string, string> {
  const c = Math.min(2, Math.floor(s / 4));
  const a = Math.min(4, s - 2 * c);
  return { trust_commitments: AGREEMENT[a] as string, trust_openness: AGREEMENT[s - 2 * c - a] as string, trust_nhs_council: ['limited', 'reasonable', 'very_strong'][c] as string };
}

/** A partner rating is (25·P + 100·y)/7 (six five-option items summing to P, yes/no y); `t` = P + 4y. */
function partnerAnswers(t: number): Record<string, string> {
  const yes = t >= 16 ? 1 : 0;
  const p = t - 4 * yes;
  const answers: Record<string, string> = { partner_closer_links: yes ? 'yes' : 'no' };
  PARTNER_SCALES.forEach((key, i) => {
    const position = Math.floor(p / 6) + (i < p % 6 ? 1 : 0);
    answers[key] = (key === 'partner_overall' ? OVERALL : AGREEMENT)[position] as string;
  });
  return answers;
}

interface ScoreBody {
  scope: string;
  subject: string;
  measure: string;
  mean: number | null;
  sd: number | null;
  band: string | null;
  comparison: { delta: number | null } | null;
}

describe('migration: exact scores recomputed from stored answers', () => {
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let scoring: typeof ScoringFactories;
  let migration: ExactScores1796420000000;
  let lead: ScoringFactories.ScoringWorld<'council' | 'trust'>['lead'];
  let council: string;
  let trust: string;
  let footprintId: string;
  const rounds: Record<'q2' | 'q3', string> = { q2: '', q3: '' };
  /** Per round: a + b + 2c of each council respondent's trust, and P + 4y of each rating of the trust. */
  const ANSWERS = {
    q2: { trust: [4, 5, 7, 8, 4, 5, 7, 8], rating: [13, 15, 12, 16, 13, 15, 12, 16] }, // trust exactly 50, dyad exactly 50
    q3: { trust: [7, 8, 10, 11, 7, 8, 10, 11], rating: [20, 22, 19, 23, 20, 22, 19, 23] }, // both exactly 75
  };
  const exact = { q2: 50, q3: 75 };
  let before: Record<'q2' | 'q3', ScoreBody[]>;
  let logLine: string;

  const body = (s: number, t: number) => {
    const base = scoring.pulseBody({ role: 'finance', level: 2, ratings: {} });
    return { ...base, answers: { ...(base.answers as Record<string, string>), ...trustAnswers(s) }, partnerRatings: { [trust]: partnerAnswers(t) } };
  };

  async function submit(roundId: string, bodies: readonly Record<string, unknown>[]): Promise<void> {
    const request = (await import('supertest')).default;
    const links = await lead.http.post(`${API}/rounds/${roundId}/links`).send({ organisationId: council, count: bodies.length }).expect(201);
    for (const [i, answers] of bodies.entries()) {
      await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', links.body.items[i].token).send(answers).expect(201);
    }
  }

  async function roundScores(roundId: string): Promise<ScoreBody[]> {
    const res = await lead.http.get(`${API}/rounds/${roundId}/scores?limit=500`).expect(200);
    return res.body.items;
  }

  const find = (items: readonly ScoreBody[], scope: string, subject: string, measure: string) => {
    const found = items.find((s) => s.scope === scope && s.subject === subject && s.measure === measure);
    if (!found) throw new Error(`no ${scope} ${subject} ${measure} score`);
    return found;
  };

  async function inTransaction(work: (runner: QueryRunner) => Promise<void>): Promise<void> {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await work(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  }

  /** Runs the migration's up(), returning what it printed. */
  async function migrate(): Promise<string> {
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await inTransaction((runner) => migration.up(runner));
    } finally {
      process.stdout.write = write;
    }
    return printed.join('');
  }

  beforeAll(async () => {
    database = await databaseOfItsOwn('exact');
    process.env.DATABASE_URL = database.url;
    app = await (await import('../support/app')).startApi();
    scoring = await import('../support/factories-scoring');
    worker = await scoring.scoringWorker();
    db = app.get((await import('typeorm')).DataSource);
    migration = new (await import('../../migrations/1796420000000-exact-scores')).ExactScores1796420000000();

    // The schema as it was: 32-bit scores, to which every submission's scores are rounded.
    await inTransaction((runner) => migration.down(runner));
    const world = await scoring.scoringWorld(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
    ]);
    ({ lead } = world);
    footprintId = world.footprint.id;
    council = world.members.council.id;
    trust = world.members.trust.id;
    for (const [period, key] of [['2026-Q2', 'q2'], ['2026-Q3', 'q3']] as const) {
      rounds[key] = await scoring.openRound(lead, footprintId, period);
      await submit(rounds[key], ANSWERS[key].trust.map((s, i) => body(s, ANSWERS[key].rating[i] as number)));
      await lead.http.post(`${API}/rounds/${rounds[key]}/close`).expect(200);
      await scoring.runQueuedScoring(worker, 'round.score', rounds[key]);
    }
    before = { q2: await roundScores(rounds.q2), q3: await roundScores(rounds.q3) };
    logLine = await migrate();
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await database?.drop();
  });

  it('had 32-bit figures a hair off the exact means, banded below the bound', () => {
    const trustBefore = find(before.q2, 'dimension', 'footprint', 'trust');
    expect(trustBefore.mean).not.toBe(50);
    expect(Math.abs((trustBefore.mean as number) - 50)).toBeLessThan(1e-5);
    expect(trustBefore.band).toBe('concern');
    expect(find(before.q3, 'dimension', 'footprint', 'trust').band).toBe('moderate');
  });

  it('stores exactly what the survey engine stores for the same answers today', async () => {
    const round = await scoring.openRound(lead, footprintId, '2026-Q4');
    await submit(round, [body(ANSWERS.q2.trust[0] as number, ANSWERS.q2.rating[0] as number), body(ANSWERS.q2.trust[1] as number, ANSWERS.q2.rating[1] as number)]);
    const stored = (roundId: string) =>
      db.query<{ item_scores: number[]; dimension_scores: number[]; rating_items: number[]; rating: number }[]>(
        `SELECT r.item_scores, r.dimension_scores, p.item_scores AS rating_items, p.score AS rating
         FROM response r JOIN response_partner_rating p ON p.response_id = r.id WHERE r.round_id = $1 ORDER BY p.score, r.dimension_scores[1]`,
        [roundId],
      );
    const migrated = await stored(rounds.q2);
    const engine = await stored(round);
    expect(engine).toHaveLength(2);
    for (const written of engine) expect(migrated).toContainEqual(written);
    // Bit for bit, not merely close: the trust score of a + b + 2c = 4 is 100/3 as a double.
    expect(migrated.map((row) => row.dimension_scores[0])).toContain(100 / 3);
  });

  it('fixes the stored means and bands at once, and names every band it changed on its log line', async () => {
    expect(logLine.split('\n').filter(Boolean)).toHaveLength(1);
    const changed: string[] = [];
    for (const key of ['q2', 'q3'] as const) {
      const after = await roundScores(rounds[key]);
      for (const old of before[key]) {
        const now = find(after, old.scope, old.subject, old.measure);
        if (now.band !== old.band) changed.push(`round ${rounds[key]} (2026-${key.toUpperCase()}) ${old.scope} ${old.subject} ${old.measure}: ${old.band} → ${now.band}`);
      }
      for (const [scope, subject, measure] of [
        ['dimension', 'footprint', 'trust'],
        ['organisation', council, 'trust'],
        ['sector', 'local_government', 'trust'],
        ['dyad', `${council}>${trust}`, 'partner_rating'],
        ['sector_pair', 'local_government>nhs', 'partner_rating'],
        ['network', trust, 'trust_received'],
      ] as const) {
        const score = find(after, scope, subject, measure);
        expect(Math.abs((score.mean as number) - exact[key])).toBeLessThan(1e-9);
        expect(score.band).toBe(key === 'q2' ? 'moderate' : 'strong');
      }
    }
    expect(changed).toEqual(expect.arrayContaining([expect.stringContaining(`dimension footprint trust: concern → moderate`), expect.stringContaining(`dimension footprint trust: moderate → strong`)]));
    for (const change of changed) expect(logLine).toContain(change);
    expect(logLine).toContain(`${changed.length} band(s) changed`);
  });

  it("queues the worker's rescoring of the earliest scored round, which rescores the next one after it with exact comparisons", async () => {
    const jobs = (roundId: string) => db.query<{ job_id: string }[]>("SELECT job_id FROM outbox WHERE job_name = 'round.score' AND payload ->> 'roundId' = $1 ORDER BY id", [roundId]);
    expect((await jobs(rounds.q2)).map((j) => j.job_id)).toContain(`round.score-${rounds.q2}-exact-scores`);
    expect((await jobs(rounds.q3)).map((j) => j.job_id)).not.toContain(`round.score-${rounds.q3}-exact-scores`);
    const { RoundScoringService } = await import('@pp/scoring');
    await worker.get(RoundScoringService).score(rounds.q2, 'final');
    const next = (await jobs(rounds.q3)).map((j) => j.job_id).filter((id) => id.startsWith(`round.score-${rounds.q3}-after-${rounds.q2}-`));
    expect(next).toHaveLength(1);
    await worker.get(RoundScoringService).score(rounds.q3, 'final');

    const trustOf = (sums: readonly number[]) => sums.map((s) => (25 * s) / 3);
    const sd = (values: readonly number[], mean: number) => Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
    for (const key of ['q2', 'q3'] as const) {
      const trustScore = find(await roundScores(rounds[key]), 'dimension', 'footprint', 'trust');
      expect(Math.abs((trustScore.mean as number) - exact[key])).toBeLessThan(1e-9);
      expect(Math.abs((trustScore.sd as number) - sd(trustOf(ANSWERS[key].trust), exact[key]))).toBeLessThan(1e-9);
    }
    const q3 = find(await roundScores(rounds.q3), 'dimension', 'footprint', 'trust');
    expect(Math.abs((q3.comparison?.delta as number) - 25)).toBeLessThan(1e-9);
  });
});
