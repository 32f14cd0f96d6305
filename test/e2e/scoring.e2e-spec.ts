import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COMPLEMENTARY } from '@pp/scoring';
import { startApi } from '../support/app';
import { createApiKey, signedInAs } from '../support/auth';
import { API } from '../support/factories-registry';
import {
  answerByLinks,
  DIMENSIONS,
  handScores,
  mean,
  openRound,
  PULSE_ITEMS,
  type Respondent,
  runQueuedScoring,
  type ScoringWorld,
  scoringWorld,
  scoringWorker,
  sd,
} from '../support/factories-scoring';

/**
 * One round of four members scored end to end: answers through the API, the jobs the API queued run
 * as the worker runs them, scores and distributions read back through the API and its anonymity
 * gate. Every expected value is worked out here from the answers with plain arithmetic.
 */
type Label = 'council' | 'trust' | 'icb' | 'practice';

interface ScoreBody {
  scope: string;
  subject: string;
  measure: string;
  suppressed: boolean;
  reason: string | null;
  respondents: number | null;
  n: number | null;
  mean: number | null;
  sd: number | null;
  ci95: { lower: number; upper: number } | null;
  band: string | null;
  perceptionGap: { value: number | null; suppressed: boolean } | null;
  organisationId: string | null;
  partnerOrganisationId: string | null;
}

describe('round scoring', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let world: ScoringWorld<Label>;
  let roundId: string;
  let answers: Record<Label, Respondent[]>;

  const all = () => Object.values(answers).flat();

  async function scores(query = ''): Promise<ScoreBody[]> {
    const res = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/scores?limit=500${query}`).expect(200);
    expect(res.body.nextCursor).toBeNull();
    return res.body.items;
  }

  function find(items: ScoreBody[], scope: string, subject: string, measure: string): ScoreBody {
    const found = items.find((s) => s.scope === scope && s.subject === subject && s.measure === measure);
    if (!found) throw new Error(`no ${scope} ${subject} ${measure} score`);
    return found;
  }

  beforeAll(async () => {
    app = await startApi();
    worker = await scoringWorker();
    world = await scoringWorld<Label>(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
      { label: 'icb', type: 'icb' },
      { label: 'practice', type: 'gp_practice' },
    ]);
    const { council, trust, icb } = world.members;
    const rate = (targets: Record<string, number>) => targets;
    answers = {
      council: [
        { role: 'finance', level: 4, ratings: rate({ [trust.id]: 1, [icb.id]: 3 }), dontKnow: ['trust_openness'] },
        { role: 'finance', level: 3, ratings: rate({ [trust.id]: 1, [icb.id]: 3 }) },
        { role: 'finance', level: 3, ratings: rate({ [trust.id]: 2, [icb.id]: 3 }) },
        { role: 'adult_social_care', level: 2, ratings: rate({ [trust.id]: 1, [icb.id]: 4 }) },
        { role: 'adult_social_care', level: 2, ratings: rate({ [trust.id]: 0, [icb.id]: 3 }) },
        { role: 'adult_social_care', level: 1, ratings: rate({ [trust.id]: 1, [icb.id]: 3 }) },
      ],
      trust: [3, 3, 2, 2, 3].map((level, i) => ({ role: i < 2 ? 'chief_executive' : 'finance', level, ratings: { [council.id]: [3, 4, 3, 3, 3][i] as number, [icb.id]: 2 } })),
      icb: [2, 3, 2, 3, 2].map((level, i) => ({ role: 'commissioning', level, ratings: { [council.id]: [2, 2, 3, 2, 2][i] as number, [trust.id]: 3 } })),
      practice: [1, 1].map((level) => ({ role: 'clinical_gp', level, ratings: { [council.id]: 0 } })),
    };
    roundId = await openRound(world.lead, world.footprint.id, '2026-Q3');
    for (const label of Object.keys(answers) as Label[]) {
      await answerByLinks(app, world.lead, roundId, world.members[label].id, answers[label]);
    }
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('rescores an open round from the debounced job its submissions queued, provisionally', async () => {
    const outcome = await runQueuedScoring(worker, 'round.rescore', roundId);
    // k = 5: the figures lag the count, covering the first 10 of 18 (the largest multiple of k at most 18 − k).
    expect(outcome).toMatchObject({ status: 'scored', respondents: 10 });
    const res = await world.lead.http.get(`${API}/rounds/${roundId}/scores?scope=footprint`).expect(200);
    expect(res.body.round).toMatchObject({ id: roundId, provisional: true, respondents: 10, coverage: { respondentsCovered: 10, respondentsSoFar: 18, nextPublicationAt: 20 } });
    expect(res.body.items[0]).toMatchObject({ measure: 'rhi', provisional: true, n: 10 });
    // Nothing is scored yet for the footprint as a whole: only scored rounds count as its latest.
    expect((await world.lead.http.get(`${API}/footprints/${world.footprint.id}/scores`).expect(200)).body.round).toBeNull();
  });

  it('scores the round in full when it closes, marks it scored and queues its alert rules with the scores', async () => {
    await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
    expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored', respondents: 18 });
    expect((await world.lead.http.get(`${API}/rounds/${roundId}`).expect(200)).body.status).toBe('scored');
    const queued = await worker.get(DataSource).query('SELECT job_name FROM outbox WHERE job_id = $1', [`round.alerts-${roundId}`]);
    expect(queued).toEqual([{ job_name: 'round.alerts' }]);
    // Every scoring run, provisional or final, queues the gate's decisions for its scores.
    const gate = await worker.get(DataSource).query(
      "SELECT o.job_id FROM outbox o JOIN round_scoring rs ON o.job_id = 'round.gate-' || rs.round_id || '-' || (extract(epoch FROM rs.computed_at) * 1000)::bigint WHERE rs.round_id = $1",
      [roundId],
    );
    expect(gate).toHaveLength(1);
    // A late provisional rescore of the closed round changes nothing.
    expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'skipped' });
  });

  it('gives the footprint RHI and each dimension with n, mean, sd, 95% CI and band', async () => {
    const items = await scores();
    const rhi = all().map(handScores.rhi);
    const footprint = find(items, 'footprint', 'footprint', 'rhi');
    expect(footprint).toMatchObject({ suppressed: false, reason: null, n: 18, respondents: 18 });
    expect(footprint.mean).toBeCloseTo(mean(rhi), 4);
    expect(footprint.sd).toBeCloseTo(sd(rhi), 4);
    // t(0.975, 17) = 2.10982
    expect(footprint.ci95?.upper).toBeCloseTo(mean(rhi) + (2.10982 * sd(rhi)) / Math.sqrt(18), 3);
    expect(footprint.band).toBe(mean(rhi) >= 75 ? 'strong' : mean(rhi) >= 50 ? 'moderate' : 'concern');
    for (const dimension of DIMENSIONS) {
      const values = all().map((r) => handScores.dimension(r, dimension)).filter((v): v is number => v !== null);
      const score = find(items, 'dimension', 'footprint', dimension);
      expect(score.n).toBe(values.length);
      expect(score.mean).toBeCloseTo(mean(values), 4);
    }
  });

  it('leaves "don\'t know" out of a respondent\'s dimension score', async () => {
    const [first] = answers.council;
    // trust_nhs_council has three options: level 4 is its top; trust_openness was "don't know".
    expect(handScores.dimension(first as Respondent, 'trust')).toBe(100);
    const trust = find(await scores(`&scope=organisation&measure=trust&organisationId=${world.members.council.id}`), 'organisation', world.members.council.id, 'trust');
    expect(trust.mean).toBeCloseTo(mean(answers.council.map((r) => handScores.dimension(r, 'trust') as number)), 4);
  });

  it('scores each organisation and sector, and suppresses the practice of two respondents, naming why', async () => {
    const items = await scores();
    const council = find(items, 'organisation', world.members.council.id, 'rhi');
    expect(council).toMatchObject({ n: 6, suppressed: false });
    expect(council.mean).toBeCloseTo(mean(answers.council.map(handScores.rhi)), 4);
    const nhs = find(items, 'sector', 'nhs', 'rhi');
    expect(nhs.n).toBe(12);
    expect(nhs.mean).toBeCloseTo(mean([...answers.trust, ...answers.icb, ...answers.practice].map(handScores.rhi)), 4);
    const practice = find(items, 'organisation', world.members.practice.id, 'rhi');
    expect(practice).toMatchObject({ suppressed: true, reason: 'fewer than 5 respondents', mean: null, sd: null, n: null, respondents: null, band: null, ci95: null });
  });

  it('scores dyads and sector pairs with their perception gaps', async () => {
    const { council, trust, icb, practice } = world.members;
    const items = await scores();
    const rated = (from: Label, to: string) => answers[from].map((r) => handScores.partner(r.ratings[to] as number));

    const councilToTrust = find(items, 'dyad', `${council.id}>${trust.id}`, 'partner_rating');
    const trustToCouncil = find(items, 'dyad', `${trust.id}>${council.id}`, 'partner_rating');
    expect(councilToTrust).toMatchObject({ n: 6, respondents: 6, organisationId: council.id, partnerOrganisationId: trust.id });
    expect(councilToTrust.mean).toBeCloseTo(mean(rated('council', trust.id)), 4);
    expect(councilToTrust.sd).toBeCloseTo(sd(rated('council', trust.id)), 4);
    expect(councilToTrust.perceptionGap?.value).toBeCloseTo(mean(rated('council', trust.id)) - mean(rated('trust', council.id)), 4);
    expect(trustToCouncil.mean).toBeCloseTo(mean(rated('trust', council.id)), 4);
    expect(find(items, 'dyad', `${practice.id}>${council.id}`, 'partner_rating')).toMatchObject({ suppressed: true, mean: null });
    // The reverse of a suppressed dyad gives no gap that would reveal it.
    expect(find(items, 'dyad', `${council.id}>${icb.id}`, 'partner_rating').perceptionGap?.suppressed).toBe(false);

    const toNhs = [...rated('council', trust.id), ...rated('council', icb.id)];
    const toCouncils = [...rated('trust', council.id), ...rated('icb', council.id), ...rated('practice', council.id)];
    const lgToNhs = find(items, 'sector_pair', 'local_government>nhs', 'partner_rating');
    expect(lgToNhs).toMatchObject({ n: 12, respondents: 6 });
    expect(lgToNhs.mean).toBeCloseTo(mean(toNhs), 4);
    expect(lgToNhs.sd).toBeCloseTo(sd(toNhs), 4);
    expect(mean(toCouncils)).toBeGreaterThan(0);
    // The one gate (issue 20): nhs → local government is the practice's dyad of two plus two dyads that are
    // shown, so it is withheld (complementary: 12 respondents), and with it the gap that would subtract it.
    expect(find(items, 'sector_pair', 'nhs>local_government', 'partner_rating')).toMatchObject({ suppressed: true, reason: COMPLEMENTARY, n: null, mean: null });
    expect(lgToNhs.perceptionGap).toMatchObject({ suppressed: true, value: null });
  });

  it('measures the network: density, strong ties, reciprocity, asymmetry, and trust received and given', async () => {
    const { council, trust, icb, practice } = world.members;
    const items = await scores('&scope=network');
    const dyad = (from: Label, to: string) => mean(answers[from].map((r) => handScores.partner(r.ratings[to] as number)));
    // Seven rated dyads of the twelve possible among four members; the practice is rated by nobody.
    const dyads = [dyad('council', trust.id), dyad('council', icb.id), dyad('trust', council.id), dyad('trust', icb.id), dyad('icb', council.id), dyad('icb', trust.id), dyad('practice', council.id)];
    expect(find(items, 'network', 'footprint', 'density').mean).toBeCloseTo(7 / 12, 10);
    expect(find(items, 'network', 'footprint', 'reciprocity').mean).toBeCloseTo(6 / 7, 10);
    // Measures built from the ties' scores are shown only when every tie is: the practice's tie of two is withheld
    // (issue 20: trust received = the mean of its ties would give a withheld tie back).
    expect(dyads).toHaveLength(7);
    expect(find(items, 'network', 'footprint', 'strong_tie_share')).toMatchObject({ suppressed: true, mean: null });
    expect(find(items, 'network', 'footprint', 'mean_asymmetry')).toMatchObject({ suppressed: true, mean: null });
    expect(find(items, 'network', council.id, 'trust_received')).toMatchObject({ suppressed: true, reason: COMPLEMENTARY, mean: null });
    const given = find(items, 'network', council.id, 'trust_given');
    expect(given).toMatchObject({ suppressed: false, n: 2, respondents: 6 });
    expect(given.mean).toBeCloseTo(mean([dyad('council', trust.id), dyad('council', icb.id)]), 4);
    expect(find(items, 'network', practice.id, 'trust_received')).toMatchObject({ suppressed: true, reason: 'fewer than 5 respondents' });
  });

  it('counts every option of every question, overall and by sector, organisation type and role, behind the gate', async () => {
    const res = await world.lead.http.get(`${API}/rounds/${roundId}/distributions?question=trust_commitments&limit=500`).expect(200);
    const of = (breakdown: string, group: string) => res.body.items.find((d: { breakdown: string; groupKey: string }) => d.breakdown === breakdown && d.groupKey === group);
    const item = PULSE_ITEMS[0] as (typeof PULSE_ITEMS)[number];
    const answered = all().filter((r) => !r.dontKnow?.includes(item.key));
    const everyone = of('all', 'all');
    expect(everyone).toMatchObject({ suppressed: false, respondents: 18, answered: 18 });
    expect(everyone.options.map((o: { count: number }) => o.count)).toEqual(item.options.map((_, i) => answered.filter((r) => r.level === i).length));
    expect(everyone.options[4]).toMatchObject({ value: 'strongly_agree', label: 'Strongly agree' });
    expect(everyone.favourableShare).toBeCloseTo(answered.filter((r) => r.level >= 3).length / 18, 10);
    expect(everyone.unfavourableShare).toBeCloseTo(answered.filter((r) => r.level <= 1).length / 18, 10);
    expect(of('sector', 'local_government')).toMatchObject({ respondents: 6, suppressed: false });
    expect(of('organisation_type', 'acute_trust')).toMatchObject({ respondents: 5, suppressed: false });
    // nhs − acute trust − icb would give the practice's two: one type more is withheld (the icb, and with it its role, the same five).
    expect(of('organisation_type', 'icb')).toMatchObject({ suppressed: true, reason: COMPLEMENTARY, respondents: null });
    expect(of('respondent_role', 'commissioning')).toMatchObject({ suppressed: true, respondents: null });
    expect(of('respondent_role', 'clinical_gp')).toMatchObject({ suppressed: true, reason: 'fewer than 5 respondents', options: null, favourableShare: null });

    const openness = await world.lead.http.get(`${API}/rounds/${roundId}/distributions?question=trust_openness&breakdown=all`).expect(200);
    expect(openness.body.items[0]).toMatchObject({ answered: 18, dontKnow: { count: 1, share: 1 / 18 } });

    const partner = await world.lead.http.get(`${API}/rounds/${roundId}/distributions?question=partner_overall&breakdown=sector`).expect(200);
    // Partner ratings count one answer per rated partner, and their respondents once each.
    const councils = partner.body.items.find((d: { groupKey: string }) => d.groupKey === 'local_government');
    expect(councils).toMatchObject({ respondents: 6, answered: 6 * 2 });
    // The nhs raters' answers are the sum of their dyads: shown, they would give the practice's withheld dyad back.
    expect(partner.body.items.find((d: { groupKey: string }) => d.groupKey === 'nhs')).toMatchObject({ suppressed: true, answered: null });
  });

  it('replaces the round\'s rows when its job runs again: the same rows, the same ids, nothing added', async () => {
    const db = worker.get(DataSource);
    const snapshot = () =>
      db.query(
        `SELECT s.id, s.scope, s.subject, s.measure, s.n, s.mean, s.sd, s.respondents FROM score s WHERE round_id = $1 ORDER BY scope, subject, measure`,
        [roundId],
      );
    const distributions = () => db.query('SELECT id, counts FROM question_distribution WHERE round_id = $1 ORDER BY question_key, breakdown, group_key', [roundId]);
    const before = await snapshot();
    const distributionsBefore = await distributions();
    await runQueuedScoring(worker, 'round.score', roundId);
    expect(await snapshot()).toEqual(before);
    expect(await distributions()).toEqual(distributionsBefore);
    const [{ duplicates }] = await db.query('SELECT count(*) - count(DISTINCT (scope, subject, measure))::int AS duplicates FROM score WHERE round_id = $1', [roundId]);
    expect(Number(duplicates)).toBe(0);
  });

  it('lets the footprint\'s leads, analysts and API keys read its scores, and nobody else', async () => {
    const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
    await analyst.http.get(`${API}/footprints/${world.footprint.id}/scores`).expect(200);
    const key = await createApiKey(app, [world.footprint.id]);
    await key.http.get(`${API}/rounds/${roundId}/distributions`).expect(200);
    const submitter = await signedInAs(app, { role: 'org_submitter', organisationId: world.members.council.id });
    await submitter.http.get(`${API}/footprints/${world.footprint.id}/scores`).expect(403);
    const otherLead = await signedInAs(app, { role: 'footprint_lead', footprintId: (await scoringWorld(app, [])).footprint.id });
    await otherLead.http.get(`${API}/footprints/${world.footprint.id}/scores`).expect(404);
    await otherLead.http.get(`${API}/rounds/${roundId}/scores`).expect(404);
    await world.lead.http.get(`${API}/admin/jobs`).expect(403);
  });

  it('applies the footprint\'s own threshold at read time, never below 3', async () => {
    const admin = await signedInAs(app, { role: 'platform_admin' });
    await admin.http.patch(`${API}/footprints/${world.footprint.id}`).send({ anonymityThreshold: 7 }).expect(200);
    const items = await scores('&scope=organisation&measure=rhi');
    expect(find(items, 'organisation', world.members.council.id, 'rhi')).toMatchObject({ suppressed: true, reason: 'fewer than 7 respondents' });
    await admin.http.patch(`${API}/footprints/${world.footprint.id}`).send({ anonymityThreshold: 5 }).expect(200);
  });
});
