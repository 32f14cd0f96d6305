import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-respondent and per-rating scores in double precision, recomputed from the stored answers.
 *
 * They were `real` (32-bit): a third was stored as 33.333332 and every mean was taken over rounded
 * values, so 8 respondents whose trust scores average exactly 50 were shown 49.999999046 and banded
 * 'concern'. The columns become double precision and every response and partner rating of every
 * round is scored again from its `choices`, by the rule the survey engine applies on submission (as
 * it stood when this was written; copied here, never imported):
 * - the option at position i (0-based, least favourable first) of an item with m options scores
 *   100·i/(m − 1), and 100 minus that when the item is reversed; "don't know" (-1), unanswered
 *   (null) and unscored items (single choice, a question outside the instrument's dimensions) have
 *   no score;
 * - a respondent's dimension score is the mean of their item scores in that dimension, summed in
 *   slot order as the engine sums them; null when none;
 * - a partner rating's score is the mean of its item scores.
 *
 * The scores already computed from those rows: the mean and band of every score on the 0–100
 * scale (footprint, dimension, organisation and sector RHI and dimensions, dyads, sector pairs,
 * trust received and given) are recomputed here, so bands are right as soon as this commits, and
 * each band that changes is printed on one log line (round, period, scope, subject, measure, old
 * band → new band, old mean → new mean). Everything else derived from them (sd, confidence
 * intervals, deltas, p-values, trends, network fractions, the next rounds' comparisons) is left to
 * the scoring worker's own code: this queues a final score of each footprint's earliest scored round,
 * which scores the footprint's later scored rounds after it in period order, and a provisional
 * rescore of every open round. Bands here use the same bounds as the scoring rules (strong ≥ 75,
 * moderate ≥ 50, within 1e-9 for double-precision sums of thirds and sevenths).
 */
export class ExactScores1796420000000 implements MigrationInterface {
  name = 'ExactScores1796420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE response
        ALTER COLUMN item_scores TYPE double precision[],
        ALTER COLUMN dimension_scores TYPE double precision[]`);
    await queryRunner.query(`
      ALTER TABLE response_partner_rating
        ALTER COLUMN item_scores TYPE double precision[],
        ALTER COLUMN score TYPE double precision`);
    await this.rescoreAnswers(queryRunner);
    const changed = await this.rescoreScores(queryRunner);
    await this.queueScoring(queryRunner);
    await queryRunner.query('DROP TABLE exact_question, exact_score');
    process.stdout.write(`${this.name}: ${changed.length ? `${changed.length} band(s) changed: ${changed.join('; ')}` : 'no band changed'}\n`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE response_partner_rating ALTER COLUMN item_scores TYPE real[], ALTER COLUMN score TYPE real');
    await queryRunner.query('ALTER TABLE response ALTER COLUMN item_scores TYPE real[], ALTER COLUMN dimension_scores TYPE real[]');
  }

  private async rescoreAnswers(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS exact_question, exact_score');
    // Each question with what scoring it needs: its 1-based dimension index (null outside the
    // dimensions) and whether it is scored at all.
    await queryRunner.query(`
      CREATE TEMPORARY TABLE exact_question AS
      SELECT q.instrument_id, q.slot, q.type = 'partner_rating' AS partner, d.ord AS dimension,
        jsonb_array_length(q.options) AS option_count, q.reversed,
        (q.type = 'partner_rating' OR (q.type IN ('scale', 'yes_no') AND d.ord IS NOT NULL)) AS scored
      FROM question q
      JOIN instrument i ON i.id = q.instrument_id
      LEFT JOIN LATERAL (
        SELECT e.ord FROM jsonb_array_elements(i.dimensions) WITH ORDINALITY AS e(dimension, ord) WHERE e.dimension ->> 'key' = q.dimension
      ) d ON true
      WHERE q.type <> 'free_text'`);
    await queryRunner.query('CREATE INDEX ON exact_question (instrument_id, partner, slot)');
    await queryRunner.query('ANALYZE exact_question');
    const itemScore = `CASE WHEN q.scored AND c.choice >= 0 THEN
        CASE WHEN q.reversed THEN 100 - (100 * c.choice)::float8 / (q.option_count - 1) ELSE (100 * c.choice)::float8 / (q.option_count - 1) END
      END`;
    await queryRunner.query(`
      WITH item AS (
        SELECT r.id AS response_id, c.ord, q.dimension, ${itemScore} AS score
        FROM response r
        JOIN round ro ON ro.id = r.round_id
        CROSS JOIN LATERAL unnest(r.choices) WITH ORDINALITY AS c(choice, ord)
        LEFT JOIN exact_question q ON q.instrument_id = ro.instrument_id AND NOT q.partner AND q.slot = c.ord - 1
      ),
      items AS (
        SELECT response_id, array_agg(score ORDER BY ord) AS item_scores FROM item GROUP BY response_id
      ),
      dimension_means AS (
        SELECT response_id, dimension, sum(score ORDER BY ord) / nullif(count(score), 0) AS mean
        FROM item WHERE dimension IS NOT NULL GROUP BY response_id, dimension
      ),
      dimensions AS (
        SELECT r.id AS response_id, array_agg(m.mean ORDER BY d.ord) AS dimension_scores
        FROM response r
        JOIN round ro ON ro.id = r.round_id
        JOIN instrument i ON i.id = ro.instrument_id
        CROSS JOIN LATERAL generate_series(1, jsonb_array_length(i.dimensions)) AS d(ord)
        LEFT JOIN dimension_means m ON m.response_id = r.id AND m.dimension = d.ord
        GROUP BY r.id
      )
      UPDATE response r
      SET item_scores = items.item_scores, dimension_scores = coalesce(dimensions.dimension_scores, '{}')
      FROM items LEFT JOIN dimensions ON dimensions.response_id = items.response_id
      WHERE r.id = items.response_id`);
    await queryRunner.query(`
      WITH item AS (
        SELECT p.response_id, p.partner_organisation_id, c.ord, ${itemScore} AS score
        FROM response_partner_rating p
        JOIN round ro ON ro.id = p.round_id
        CROSS JOIN LATERAL unnest(p.choices) WITH ORDINALITY AS c(choice, ord)
        LEFT JOIN exact_question q ON q.instrument_id = ro.instrument_id AND q.partner AND q.slot = c.ord - 1
      ),
      rating AS (
        SELECT response_id, partner_organisation_id, array_agg(score ORDER BY ord) AS item_scores,
          sum(score ORDER BY ord) / nullif(count(score), 0) AS score
        FROM item GROUP BY response_id, partner_organisation_id
      )
      UPDATE response_partner_rating p
      SET item_scores = rating.item_scores, score = rating.score
      FROM rating
      WHERE p.response_id = rating.response_id AND p.partner_organisation_id = rating.partner_organisation_id`);
  }

  /** New means and bands of the stored 0–100 scores; returns the band changes, described. */
  private async rescoreScores(queryRunner: QueryRunner): Promise<string[]> {
    // An organisation's sector follows from its type (the registry's rule when this was written).
    const sector = (alias: string) => `CASE
        WHEN ${alias}.type::text IN ('county_council', 'unitary_authority', 'metropolitan_borough', 'london_borough', 'district_council') THEN 'local_government'
        WHEN ${alias}.type::text IN ('ccg', 'icb', 'acute_trust', 'community_trust', 'mental_health_trust', 'ambulance_trust', 'gp_practice', 'pcn') THEN 'nhs'
        WHEN ${alias}.type::text = 'voluntary_sector' THEN 'voluntary'
        ELSE 'other' END`;
    await queryRunner.query(`
      CREATE TEMPORARY TABLE exact_score AS
      WITH respondent AS (
        SELECT r.round_id, r.organisation_id, ${sector('o')} AS sector, r.dimension_scores, i.dimensions,
          (SELECT sum(d.weight * d.score) / nullif(sum(d.weight), 0)
             FROM unnest(r.dimension_scores, ARRAY(
               SELECT coalesce((e.dimension ->> 'weight')::float8, 1) FROM jsonb_array_elements(i.dimensions) WITH ORDINALITY AS e(dimension, ord) ORDER BY e.ord
             )) AS d(score, weight)
             WHERE d.score IS NOT NULL) AS rhi
        FROM response r
        JOIN round ro ON ro.id = r.round_id
        JOIN instrument i ON i.id = ro.instrument_id
        JOIN organisation o ON o.id = r.organisation_id
      ),
      answer AS (
        SELECT round_id, organisation_id, sector, 'rhi' AS measure, rhi AS value FROM respondent
        UNION ALL
        SELECT p.round_id, p.organisation_id, p.sector, d.dimension ->> 'key', p.dimension_scores[d.ord]
        FROM respondent p CROSS JOIN LATERAL jsonb_array_elements(p.dimensions) WITH ORDINALITY AS d(dimension, ord)
      ),
      grouped AS (
        SELECT round_id, organisation_id, sector, measure, GROUPING(organisation_id, sector) AS grouping_set, avg(value) AS mean
        FROM answer
        GROUP BY GROUPING SETS ((round_id, measure), (round_id, measure, organisation_id), (round_id, measure, sector))
      ),
      rating AS (
        SELECT p.round_id, p.organisation_id AS rater, p.partner_organisation_id AS rated, ${sector('a')} AS rater_sector, ${sector('b')} AS rated_sector, p.score
        FROM response_partner_rating p
        JOIN organisation a ON a.id = p.organisation_id
        JOIN organisation b ON b.id = p.partner_organisation_id
        WHERE p.score IS NOT NULL
      ),
      dyad AS (
        SELECT round_id, rater, rated, avg(score) AS mean FROM rating GROUP BY round_id, rater, rated
      )
      SELECT round_id,
        CASE grouping_set WHEN 3 THEN CASE WHEN measure = 'rhi' THEN 'footprint' ELSE 'dimension' END WHEN 1 THEN 'organisation' ELSE 'sector' END AS scope,
        CASE grouping_set WHEN 3 THEN 'footprint' WHEN 1 THEN organisation_id::text ELSE sector END AS subject,
        measure, mean
      FROM grouped
      UNION ALL
      SELECT round_id, 'dyad', rater || '>' || rated, 'partner_rating', mean FROM dyad
      UNION ALL
      SELECT round_id, 'sector_pair', rater_sector || '>' || rated_sector, 'partner_rating', avg(score) FROM rating GROUP BY round_id, rater_sector, rated_sector
      UNION ALL
      SELECT round_id, 'network', rated::text, 'trust_received', avg(mean) FROM dyad GROUP BY round_id, rated
      UNION ALL
      SELECT round_id, 'network', rater::text, 'trust_given', avg(mean) FROM dyad GROUP BY round_id, rater`);
    const band = (mean: string) => `CASE WHEN ${mean} >= 75 - 1e-9 THEN 'strong' WHEN ${mean} >= 50 - 1e-9 THEN 'moderate' ELSE 'concern' END`;
    const changes = await queryRunner.query(`
      WITH before AS (
        SELECT s.id, s.band, s.mean FROM score s
        JOIN exact_score e ON e.round_id = s.round_id AND e.scope = s.scope AND e.subject = s.subject AND e.measure = s.measure
      ),
      updated AS (
        UPDATE score s SET mean = e.mean, band = CASE WHEN s.band IS NULL THEN NULL ELSE ${band('e.mean')} END
        FROM exact_score e
        WHERE e.round_id = s.round_id AND e.scope = s.scope AND e.subject = s.subject AND e.measure = s.measure AND e.mean IS NOT NULL
        RETURNING s.id, s.round_id, s.period, s.scope, s.subject, s.measure, s.band, s.mean
      )
      SELECT u.round_id, u.period, u.scope, u.subject, u.measure, b.band AS old_band, u.band AS new_band, b.mean AS old_mean, u.mean AS new_mean
      FROM updated u JOIN before b ON b.id = u.id
      WHERE u.band IS DISTINCT FROM b.band
      ORDER BY u.period, u.round_id, u.scope, u.subject, u.measure`);
    return (changes as { round_id: string; period: string; scope: string; subject: string; measure: string; old_band: string; new_band: string; old_mean: number; new_mean: number }[]).map(
      (c) => `round ${c.round_id} (${c.period}) ${c.scope} ${c.subject} ${c.measure}: ${c.old_band} → ${c.new_band} (${c.old_mean} → ${c.new_mean})`,
    );
  }

  /**
   * The worker's final score of each footprint's earliest scored round (it scores the later ones
   * after it, in period order) and a provisional rescore of each open round. A closed round not yet
   * scored has its final score queued already, and it reads the new scores.
   */
  private async queueScoring(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO outbox (job_name, payload, job_id)
      SELECT 'round.score', jsonb_build_object('roundId', first.id), 'round.score-' || first.id || '-exact-scores'
      FROM (SELECT DISTINCT ON (footprint_id) id FROM round WHERE status = 'scored' ORDER BY footprint_id, period) first
      UNION ALL
      SELECT 'round.rescore', jsonb_build_object('roundId', id), 'round.rescore-' || id || '-exact-scores'
      FROM round WHERE status = 'open'
      ON CONFLICT (job_id) DO NOTHING`);
  }
}
