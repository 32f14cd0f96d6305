import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { COMPLEMENTARY, PROVISIONAL } from '@pp/scoring';
import { startApi } from '../support/app';
import { createApiKey } from '../support/auth';
import { addMember, API, createOrganisation, uniqueCode } from '../support/factories-registry';
import { answerByLinks, handScores, mean, openRound, type Respondent, runQueuedScoring, type ScoringWorld, scoringWorld, scoringWorker } from '../support/factories-scoring';

/**
 * The attacks of issue 20, tried again from outside through the public API, against rounds answered
 * through the API and scored by the worker's own services: each must now fail. k = 5.
 *
 * The footprint: an acute trust of 6 respondents (4 finance, 2 chief executives), a council of 6
 * (finance) and a charity of 2 (finance). So the voluntary sector and the chief executives are
 * below k, and the council is rated by two partners, one of them the charity's tie of 2.
 */
const K = 5;

interface Figure {
  suppressed: boolean;
  reason: string | null;
  respondents: number | null;
}

interface ScoreItem extends Figure {
  scope: string;
  subject: string;
  measure: string;
  mean: number | null;
  organisationId: string | null;
  partnerOrganisationId: string | null;
}

interface DistributionItem extends Figure {
  questionKey: string;
  breakdown: string;
  groupKey: string;
  options: { count: number }[] | null;
}

type Label = 'trust' | 'council' | 'charity';

describe('anonymity: the attacks of issue 20 fail', () => {
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

  async function world(): Promise<ScoringWorld<Label>> {
    const built = await scoringWorld<Exclude<Label, 'charity'>>(app, [
      { label: 'trust', type: 'acute_trust' },
      { label: 'council', type: 'unitary_authority' },
    ]);
    const charity = await createOrganisation(app, { name: `Charity ${uniqueCode.gpPractice()}`, code: uniqueCode.gpPractice(), type: 'voluntary_sector' });
    await addMember(app, built.footprint.id, charity.id, '2020-04-01');
    return { ...built, members: { ...built.members, charity } } as ScoringWorld<Label>;
  }

  async function allPages<T>(agent: ScoringWorld<Label>['lead'], url: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: T[]; nextCursor: string | null } } = await agent.http.get(`${url}${url.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  /**
   * Differencing: a published total minus its published parts is the sum of the withheld parts. It
   * gives a withheld group away when exactly one part is withheld, or when the withheld parts rest on
   * fewer than k respondents together (their count is the total's minus the published parts').
   */
  function differences(total: Figure | undefined, parts: Figure[], name: string): string[] {
    if (!total || total.suppressed) return [];
    const withheld = parts.filter((p) => p.suppressed);
    if (withheld.length === 0) return [];
    const hiddenRespondents = total.respondents! - parts.filter((p) => !p.suppressed).reduce((sum, p) => sum + p.respondents!, 0);
    if (withheld.length === 1 || (hiddenRespondents > 0 && hiddenRespondents < K)) return [`${name}: ${withheld.length} withheld part(s), ${hiddenRespondents} respondents`];
    return [];
  }

  describe('a closed round', () => {
    let w: ScoringWorld<Label>;
    let roundId: string;

    beforeAll(async () => {
      w = await world();
      const { trust, council, charity } = w.members;
      roundId = await openRound(w.lead, w.footprint.id, '2026-Q3');
      const answer = (role: string, level: number, ratings: Record<string, number>): Respondent => ({ role, level, ratings });
      await answerByLinks(app, w.lead, roundId, trust.id, [
        ...[1, 2, 3, 4].map((level) => answer('finance', level, { [council.id]: level })),
        answer('chief_executive', 0, { [council.id]: 1 }),
        answer('chief_executive', 4, { [council.id]: 2 }),
      ]);
      await answerByLinks(app, w.lead, roundId, council.id, [0, 1, 2, 3, 4, 2].map((level) => answer('finance', level, { [trust.id]: level })));
      await answerByLinks(app, w.lead, roundId, charity.id, [answer('finance', 0, { [council.id]: 0 }), answer('finance', 1, { [council.id]: 4 })]);
      await w.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
      expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored', respondents: 14 });
    });

    it('distributions: all − the other sectors, types or roles gives no withheld group, for any question', async () => {
      const items = await allPages<DistributionItem>(w.lead, `${API}/rounds/${roundId}/distributions`);
      const questions = [...new Set(items.map((d) => d.questionKey))];
      expect(questions.length).toBeGreaterThan(10);
      const of = (question: string, breakdown: string) => items.filter((d) => d.questionKey === question && d.breakdown === breakdown);
      const found = questions.flatMap((q) => {
        const all = of(q, 'all')[0];
        return ['sector', 'organisation_type', 'respondent_role'].flatMap((breakdown) => differences(all, of(q, breakdown), `${q} all − ${breakdown}`));
      });
      expect(found).toEqual([]);
      // The attack of the issue: the voluntary sector is withheld, and so is at least one more sector.
      const sectors = of('trust_commitments', 'sector');
      expect(sectors.find((d) => d.groupKey === 'voluntary')).toMatchObject({ suppressed: true, reason: `fewer than ${K} respondents`, options: null });
      expect(sectors.filter((d) => d.suppressed).length).toBeGreaterThanOrEqual(2);
      // The withheld role's only complement, the other role, is withheld too.
      const roles = of('trust_commitments', 'respondent_role');
      expect(roles.find((d) => d.groupKey === 'chief_executive')).toMatchObject({ suppressed: true });
      expect(roles.find((d) => d.groupKey === 'finance')).toMatchObject({ suppressed: true, reason: COMPLEMENTARY });
    });

    it('scores: the footprint RHI × n minus the shown sectors or organisations gives no withheld group', async () => {
      const items = await allPages<ScoreItem>(w.lead, `${API}/rounds/${roundId}/scores`);
      const measures = [...new Set(items.filter((s) => s.scope === 'sector').map((s) => s.measure))];
      const found = measures.flatMap((measure) => {
        const total = items.find((s) => (s.scope === 'footprint' || s.scope === 'dimension') && s.measure === measure);
        return ['sector', 'organisation'].flatMap((scope) => differences(total, items.filter((s) => s.scope === scope && s.measure === measure), `${measure} footprint − ${scope}`));
      });
      expect(found).toEqual([]);
      expect(items.find((s) => s.scope === 'sector' && s.subject === 'voluntary' && s.measure === 'rhi')).toMatchObject({ suppressed: true, mean: null });
      expect(items.find((s) => s.scope === 'footprint')).toMatchObject({ suppressed: false, respondents: 14 });
    });

    it('network: trust received of the council, rated by the trust and by the charity’s tie of two, is withheld', async () => {
      const { council, charity } = w.members;
      const items = await allPages<ScoreItem>(w.lead, `${API}/rounds/${roundId}/scores?scope=network`);
      expect(items.find((s) => s.measure === 'trust_received' && s.organisationId === council.id)).toMatchObject({ suppressed: true, mean: null });
      const dyads = await allPages<ScoreItem>(w.lead, `${API}/rounds/${roundId}/scores?scope=dyad`);
      expect(dyads.find((s) => s.organisationId === charity.id && s.partnerOrganisationId === council.id)).toMatchObject({ suppressed: true, mean: null });
      // Nor does a strong-tie share count the withheld tie.
      expect(items.find((s) => s.measure === 'strong_tie_share')).toMatchObject({ suppressed: true });
    });

    it('BI pages withhold exactly what the round routes withhold: one gate', async () => {
      const key = await createApiKey(app, [w.footprint.id]);
      const routes = await allPages<ScoreItem>(w.lead, `${API}/rounds/${roundId}/scores`);
      const biPages = async (path: string) => {
        const rows: Record<string, string | number | boolean | null>[] = [];
        let cursor: string | null = null;
        do {
          const res: { body: { items: typeof rows; nextCursor: string | null } } = await key.http
            .get(`${API}/bi/${path}?footprint=${w.footprint.code}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
            .expect(200);
          rows.push(...res.body.items);
          cursor = res.body.nextCursor;
        } while (cursor);
        return rows;
      };
      const bi = await biPages('scores');
      const keyOf = (scope: string, measure: string, organisationId: unknown, partnerId: unknown, subject: unknown) =>
        `${scope}|${measure}|${organisationId ?? ''}|${partnerId ?? ''}|${scope === 'sector' || scope === 'sector_pair' ? subject : ''}`;
      const fromRoutes = new Map(routes.map((s) => [keyOf(s.scope, s.measure, s.organisationId, s.partnerOrganisationId, s.subject), s.suppressed]));
      const fromBi = new Map(bi.filter((r) => r.round_id === roundId).map((r) => [keyOf(String(r.scope), String(r.measure), r.organisation_id, r.partner_organisation_id, r.subject), r.suppressed]));
      expect(fromBi.size).toBe(fromRoutes.size);
      expect(Object.fromEntries(fromBi)).toEqual(Object.fromEntries(fromRoutes));

      const distributions = await allPages<DistributionItem>(w.lead, `${API}/rounds/${roundId}/distributions`);
      const biDistributions = await biPages('distributions');
      const shown = new Map(biDistributions.map((r) => [`${r.question_key}|${r.breakdown}|${r.group_key}`, r.suppressed]));
      expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(distributions.map((d) => [`${d.questionKey}|${d.breakdown}|${d.groupKey}`, d.suppressed])));
    });
  });

  describe('an open round', () => {
    it('provisional figures lag the count by k: no two publications, the final one included, isolate fewer than k respondents', async () => {
      const w = await world();
      const { trust, council, charity } = w.members;
      const roundId = await openRound(w.lead, w.footprint.id, '2026-Q3');
      const respondent = (level: number): Respondent => ({ role: 'finance', level, ratings: {} });
      const answered: Respondent[] = [];
      const answer = async (organisationId: string, levels: number[]) => {
        const respondents = levels.map(respondent);
        await answerByLinks(app, w.lead, roundId, organisationId, respondents);
        answered.push(...respondents);
      };
      const read = async () => {
        const body = (await w.lead.http.get(`${API}/rounds/${roundId}/scores?scope=footprint`).expect(200)).body;
        return { round: body.round, rhi: (body.items as ScoreItem[]).find((s) => s.measure === 'rhi') };
      };
      const rhiOfFirst = (n: number) => mean(answered.slice(0, n).map((r) => handScores.rhi(r)));
      // Everything the attacker reads: each publication's respondents and footprint RHI.
      const publications: { respondents: number; rhi: number }[] = [];
      const publish = async (covered: number, soFar: number) => {
        const { round, rhi } = await read();
        expect(round).toMatchObject({ provisional: true, respondents: covered, respondentsSincePublication: soFar - covered });
        expect(round.coverage).toEqual({ respondentsCovered: covered, respondentsSoFar: soFar, nextPublicationAt: covered + 2 * K });
        expect(rhi).toMatchObject({ suppressed: false, respondents: covered });
        expect(rhi!.mean).toBeCloseTo(rhiOfFirst(covered), 9);
        if (publications.at(-1)?.respondents !== covered) publications.push({ respondents: covered, rhi: rhi!.mean! });
      };

      await answer(trust.id, [1, 2, 3, 2, 4]);
      expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('first published at 10') });
      expect((await read()).round).toBeNull();
      await answer(council.id, [0, 4, 4, 4]);
      expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'skipped' });

      // The 2k-th respondent publishes the first k by first submission, the trust's five, and nothing else.
      await answer(trust.id, [3]);
      expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'scored', respondents: 5 });
      await publish(5, 10);
      const all = (await allPages<DistributionItem>(w.lead, `${API}/rounds/${roundId}/distributions?breakdown=all`)).filter((d) => d.questionKey === 'trust_commitments');
      expect(all).toMatchObject([{ suppressed: false, respondents: 5 }]);
      // Breakdowns wait for the final scores: response rates name who answered, so a sector's change could be pinned to one person.
      const sectors = (await w.lead.http.get(`${API}/rounds/${roundId}/scores?scope=sector`).expect(200)).body.items as ScoreItem[];
      expect(sectors.find((s) => s.subject === 'nhs' && s.measure === 'rhi')).toMatchObject({ suppressed: true, reason: PROVISIONAL, mean: null, respondents: null });
      for (const sector of sectors) expect(sector).toMatchObject({ suppressed: true, mean: null });

      // One more: the attacker reads before and after it. Nothing changes.
      await answer(council.id, [0]);
      expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('republished at 15') });
      await publish(5, 11);
      await answer(council.id, [1, 1, 1, 1]);
      expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'scored', respondents: 10 });
      await publish(10, 15);

      // Late respondents, fewer than k, then the round closes. Under "republish once k new respondents
      // have answered", the last provisional figures covered all 15 and final − provisional gave these three away.
      await answer(charity.id, [0, 0]);
      await answer(council.id, [4]);
      expect(await runQueuedScoring(worker, 'round.rescore', roundId)).toMatchObject({ status: 'skipped' });
      await publish(10, 18);
      await w.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
      expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored', respondents: 18 });
      const final = await read();
      expect(final.round).toMatchObject({ provisional: false, respondents: 18, respondentsSincePublication: null, coverage: null });
      expect(final.rhi!.mean).toBeCloseTo(rhiOfFirst(18), 9);
      publications.push({ respondents: 18, rhi: final.rhi!.mean! });

      // The attacker differences every two publications: each isolates a group of at least k.
      expect(publications.map((p) => p.respondents)).toEqual([5, 10, 18]);
      for (const [i, earlier] of publications.entries()) {
        for (const later of publications.slice(i + 1)) expect(later.respondents - earlier.respondents).toBeGreaterThanOrEqual(K);
      }
      // What final − last provisional yields is the mean of eight respondents, not the late three's.
      const last = publications[1]!;
      const differenced = (18 * final.rhi!.mean! - last.respondents * last.rhi) / (18 - last.respondents);
      expect(differenced).toBeCloseTo(mean(answered.slice(10).map((r) => handScores.rhi(r))), 6);
      expect(Math.abs(differenced - mean(answered.slice(15).map((r) => handScores.rhi(r))))).toBeGreaterThan(1);
    });
  });
});
