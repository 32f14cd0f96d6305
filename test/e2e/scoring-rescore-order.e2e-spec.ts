import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { API } from '../support/factories-registry';
import { answerByLinks, openRound, type Respondent, runQueuedScoring, scoringWorld, scoringWorker } from '../support/factories-scoring';

/**
 * A rescore of unchanged answers publishes the same figures bit for bit, whatever order PostgreSQL
 * reads the round's rows in. A float8 sum depends on that order, which an update, a vacuum, a
 * restore or another plan changes: summed so, a rescore once published 53.703703703703695 where
 * the first run had 53.7037037037037. Here the round's rows are written back in another physical
 * order between two runs of its final score.
 */
type Label = 'council' | 'trust' | 'icb';

const ITEMS_ANSWERED_DONT_KNOW = [[], ['trust_openness'], ['delivery_progress'], ['communication_information', 'trust_openness'], ['purpose_joint_working']];

/** Varied answers, so dimension means and RHIs fall on thirds, fifths and their sums, which float8 rounds. */
function respondents(count: number, seed: number, partners: readonly string[]): Respondent[] {
  return Array.from({ length: count }, (_, i) => ({
    role: ['finance', 'chief_executive', 'commissioning'][(i + seed) % 3]!,
    level: (i * 7 + seed) % 5,
    dontKnow: ITEMS_ANSWERED_DONT_KNOW[(i * 3 + seed) % ITEMS_ANSWERED_DONT_KNOW.length],
    ratings: Object.fromEntries(partners.map((id, p) => [id, (i * (p + 2) + seed) % 5])),
  }));
}

describe('a rescore of unchanged answers', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let roundId: string;

  /** Every stored figure of the round, as PostgreSQL's shortest exact text (equal text: equal bits). */
  const figures = async () => ({
    scores: await db.query(
      `SELECT scope, subject, measure, respondents, n, mean::text, sd::text, ci_lower::text, ci_upper::text, band, perception_gap::text
       FROM score WHERE round_id = $1 ORDER BY scope, subject, measure`,
      [roundId],
    ),
    distributions: await db.query(
      `SELECT question_key, breakdown, group_key, respondents, counts, favourable_share::text, neutral_share::text, unfavourable_share::text
       FROM question_distribution WHERE round_id = $1 ORDER BY question_key, breakdown, group_key`,
      [roundId],
    ),
  });

  /** The ids of the round's responses in the heap's order, which a sequential scan reads them in. */
  const readOrder = async () => (await db.query('SELECT id FROM response WHERE round_id = $1 ORDER BY ctid', [roundId])).map((r: { id: string }) => r.id);

  beforeAll(async () => {
    app = await startApi();
    worker = await scoringWorker();
    db = worker.get(DataSource);
    const world = await scoringWorld<Label>(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
      { label: 'icb', type: 'icb' },
    ]);
    const { council, trust, icb } = world.members;
    roundId = await openRound(world.lead, world.footprint.id, '2026-Q3');
    await answerByLinks(app, world.lead, roundId, council.id, respondents(24, 1, [trust.id, icb.id]));
    await answerByLinks(app, world.lead, roundId, trust.id, respondents(24, 2, [council.id, icb.id]));
    await answerByLinks(app, world.lead, roundId, icb.id, respondents(12, 3, [council.id, trust.id]));
    await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
    expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored', respondents: 60 });
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('publishes bit-identical figures after the round\'s rows were rewritten in another physical order', async () => {
    const before = await figures();
    const orderBefore = await readOrder();
    // The same rows, deleted and inserted again in another order: what a restore or a rewrite by vacuum can do.
    await db.transaction(async (manager) => {
      await manager.query('CREATE TEMP TABLE moved_response ON COMMIT DROP AS SELECT * FROM response WHERE round_id = $1', [roundId]);
      await manager.query('CREATE TEMP TABLE moved_rating ON COMMIT DROP AS SELECT * FROM response_partner_rating WHERE round_id = $1', [roundId]);
      await manager.query('DELETE FROM response WHERE round_id = $1', [roundId]);
      await manager.query('INSERT INTO response SELECT * FROM moved_response ORDER BY md5(id::text)');
      await manager.query('INSERT INTO response_partner_rating SELECT * FROM moved_rating ORDER BY md5(response_id::text || partner_organisation_id::text)');
    });
    const orderAfter = await readOrder();
    expect(orderAfter).toHaveLength(orderBefore.length);
    expect(orderAfter).not.toEqual(orderBefore);

    expect(await runQueuedScoring(worker, 'round.score', roundId)).toMatchObject({ status: 'scored', respondents: 60 });
    const after = await figures();
    expect(after.scores.length).toBeGreaterThan(30);
    expect(after).toEqual(before);
  });
});
