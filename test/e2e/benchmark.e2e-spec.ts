import { randomInt } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { cutPoints } from '@pp/scoring';
import { startApi } from '../support/app';
import { asAdmin, type SignedIn } from '../support/auth';
import { API } from '../support/factories-registry';
import { answerByLinks, DIMENSIONS, handScores, mean, openRound, type Respondent, runQueuedScoring, type ScoringWorld, scoringWorld, scoringWorker } from '../support/factories-scoring';

/**
 * The national benchmark end to end: seven small footprints (k = 3, one member, three respondents
 * each) score a round of the same period through the API and the worker's scoring job; six share.
 * Each footprint's respondents answer a level apart from the next footprint's, so the RHIs are
 * distinct and their order is known without the scoring code. The period is drawn at random so a
 * rerun on the same database never meets an earlier run's sharers.
 */
const LEVELS = [
  [0, 1, 1],
  [1, 1, 2],
  [1, 2, 2],
  [2, 2, 3],
  [2, 3, 3],
  [3, 3, 4],
  [4, 4, 4],
];
const SHARERS = 6;
const PERIOD = `${2030 + randomInt(70)}-Q${1 + randomInt(4)}`;

interface Figure {
  scope: string;
  measure: string;
  value: number | null;
  withheld: boolean;
  reasonCode: string | null;
  reason: string | null;
  contributors: number | null;
  percentile: number | null;
  quartile: number | null;
  cutPoints: { lowerQuartile: number; median: number; upperQuartile: number } | null;
}

interface Benchmark {
  footprintId: string;
  period: string | null;
  sharing: boolean;
  scored: boolean;
  reasonCode: string | null;
  reason: string | null;
  minimumContributors: number;
  figures: Figure[];
}

const respondentsOf = (levels: readonly number[]): Respondent[] => levels.map((level) => ({ role: 'finance', level, ratings: {} }));
const rhiOf = (levels: readonly number[]) => mean(respondentsOf(levels).map(handScores.rhi));

describe('national benchmark', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let admin: SignedIn;
  const worlds: ScoringWorld<'council'>[] = [];

  beforeAll(async () => {
    app = await startApi();
    worker = await scoringWorker();
    admin = await asAdmin(app);
    for (const [i, levels] of LEVELS.entries()) {
      const world = await scoringWorld(app, [{ label: 'council', type: 'unitary_authority' }], { anonymityThreshold: 3 });
      const roundId = await openRound(world.lead, world.footprint.id, PERIOD);
      await answerByLinks(app, world.lead, roundId, world.members.council.id, respondentsOf(levels));
      await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
      expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored' });
      if (i < SHARERS) {
        // The footprint's own lead opts in; the setting comes back on the footprint.
        const patched = await world.lead.http.patch(`${API}/footprints/${world.footprint.id}`).send({ benchmarkSharing: true }).expect(200);
        expect(patched.body.benchmarkSharing).toBe(true);
      }
      worlds.push(world);
    }
  }, 300_000);

  afterAll(async () => {
    // Leave no sharer behind for another suite that reads the benchmark.
    for (const world of worlds) await admin?.http.patch(`${API}/footprints/${world.footprint.id}`).send({ benchmarkSharing: false });
    await worker?.close();
    await app?.close();
  });

  const benchmarkOf = async (i: number, period = PERIOD): Promise<Benchmark> =>
    (await worlds[i]!.lead.http.get(`${API}/footprints/${worlds[i]!.footprint.id}/benchmark`).query({ period }).expect(200)).body as Benchmark;
  const rhi = (benchmark: Benchmark) => benchmark.figures.find((figure) => figure.measure === 'rhi')!;

  it('is off by default, and the opt-in is audited', async () => {
    const footprint = await admin.http.get(`${API}/footprints/${worlds[SHARERS]!.footprint.id}`).expect(200);
    expect(footprint.body.benchmarkSharing).toBe(false);
    const audit = await admin.http.get(`${API}/audit-entries?entityType=footprint&entityId=${worlds[0]!.footprint.id}&action=footprint.update`).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorRole: 'footprint_lead', before: { benchmarkSharing: false }, after: { benchmarkSharing: true } });
  });

  it('shows a sharer its percentile and quartile among the six sharers, for its RHI and every dimension', async () => {
    const third = await benchmarkOf(2);
    expect(third).toMatchObject({ period: PERIOD, sharing: true, scored: true, reasonCode: null, reason: null, minimumContributors: 5 });
    expect(third.figures.map((figure) => figure.measure)).toEqual(['rhi', ...[...DIMENSIONS].sort()]);
    const sharedRhis = LEVELS.slice(0, SHARERS).map(rhiOf);
    // Two of the six score below the third footprint: 100 × (2 + ½) / 6, the second quarter.
    expect(rhi(third)).toEqual({
      scope: 'footprint',
      measure: 'rhi',
      value: expect.closeTo(rhiOf(LEVELS[2]!), 9),
      withheld: false,
      reasonCode: null,
      reason: null,
      contributors: SHARERS,
      percentile: expect.closeTo((100 * 2.5) / 6, 9),
      quartile: 2,
      cutPoints: cutPoints(sharedRhis),
    });
    for (const figure of third.figures) expect(figure).toMatchObject({ withheld: false, contributors: SHARERS, quartile: expect.any(Number) });
    const top = rhi(await benchmarkOf(SHARERS - 1));
    expect(top).toMatchObject({ percentile: expect.closeTo((100 * 5.5) / 6, 9), quartile: 4 });
  });

  it('never names another footprint nor gives another footprint’s figure', async () => {
    const body = JSON.stringify(await benchmarkOf(2));
    for (const [i, world] of worlds.entries()) {
      if (i === 2) continue;
      for (const secret of [world.footprint.id, world.footprint.code, world.footprint.name, world.members.council.id]) expect(body).not.toContain(secret);
    }
    const others = (await admin.http.get(`${API}/benchmark`).query({ period: PERIOD }).expect(200)).body.footprints.filter(
      (row: { footprintId: string }) => row.footprintId !== worlds[2]!.footprint.id,
    );
    const values = new Set(JSON.parse(body).figures.flatMap((figure: Figure) => [figure.cutPoints?.lowerQuartile, figure.cutPoints?.median, figure.cutPoints?.upperQuartile]));
    for (const row of others) for (const figure of row.figures as Figure[]) expect(values.has(figure.value)).toBe(false);
  });

  it('shows a footprint that does not share nothing of the others, and says why', async () => {
    const outsider = await benchmarkOf(SHARERS);
    expect(outsider).toMatchObject({ sharing: false, scored: true, reasonCode: 'not_sharing', reason: expect.stringContaining('does not share') });
    for (const figure of outsider.figures) {
      expect(figure).toMatchObject({ withheld: true, reasonCode: 'not_sharing', contributors: null, percentile: null, quartile: null, cutPoints: null });
    }
  });

  it('says when the footprint has no scored round of the period', async () => {
    const other = PERIOD.endsWith('Q1') ? PERIOD.replace('Q1', 'Q2') : PERIOD.replace(/Q\d/, 'Q1');
    expect(await benchmarkOf(0, other)).toMatchObject({ period: other, scored: false, reasonCode: 'round_not_scored', figures: [] });
  });

  it('refuses a malformed period, naming the field', async () => {
    const res = await worlds[0]!.lead.http.get(`${API}/footprints/${worlds[0]!.footprint.id}/benchmark`).query({ period: '2026-Q5' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'period', problem: expect.stringContaining('YYYY-Qn') }]);
    const table = await admin.http.get(`${API}/benchmark`).query({ period: 'autumn' }).expect(400);
    expect(table.body.errors).toEqual([{ field: 'period', problem: expect.stringContaining('YYYY-Qn') }]);
  });

  it('gives platform admins the full table, naming every sharer, and no one else', async () => {
    const { body } = await admin.http.get(`${API}/benchmark`).query({ period: PERIOD }).expect(200);
    const mine = body.footprints.filter((row: { footprintId: string }) => worlds.some((world) => world.footprint.id === row.footprintId));
    expect(mine.map((row: { footprintId: string }) => row.footprintId).sort()).toEqual(worlds.slice(0, SHARERS).map((world) => world.footprint.id).sort());
    for (const row of mine) {
      const world = worlds.find((w) => w.footprint.id === row.footprintId)!;
      expect(row).toMatchObject({ code: world.footprint.code, name: world.footprint.name, scored: true });
      const i = worlds.indexOf(world);
      expect(row.figures[0]).toMatchObject({ measure: 'rhi', value: expect.closeTo(rhiOf(LEVELS[i]!), 9), contributors: SHARERS, percentile: expect.closeTo((100 * (i + 0.5)) / 6, 9) });
    }
    await worlds[0]!.lead.http.get(`${API}/benchmark`).query({ period: PERIOD }).expect(403);
  });

  it('drops a footprint that withdraws at once, and withholds the benchmark below five sharers', async () => {
    await worlds[5]!.lead.http.patch(`${API}/footprints/${worlds[5]!.footprint.id}`).send({ benchmarkSharing: false }).expect(200);
    expect(rhi(await benchmarkOf(2))).toMatchObject({ withheld: false, contributors: 5, percentile: expect.closeTo(50, 9), quartile: 3 });
    expect(await benchmarkOf(5)).toMatchObject({ sharing: false, reasonCode: 'not_sharing' });
    const table = (await admin.http.get(`${API}/benchmark`).query({ period: PERIOD }).expect(200)).body;
    expect(table.footprints.map((row: { footprintId: string }) => row.footprintId)).not.toContain(worlds[5]!.footprint.id);

    await admin.http.patch(`${API}/footprints/${worlds[4]!.footprint.id}`).send({ benchmarkSharing: false }).expect(200);
    const third = await benchmarkOf(2);
    expect(third.reasonCode).toBeNull();
    for (const figure of third.figures) {
      expect(figure).toMatchObject({ withheld: true, reasonCode: 'too_few_contributors', reason: expect.stringContaining('fewer than 5 footprints'), contributors: null, percentile: null, quartile: null, cutPoints: null });
    }
  });
});
