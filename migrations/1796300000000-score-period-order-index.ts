import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A footprint's scores in the BI API's default order (period, then scope, subject, measure), as
 * score_history_idx holds them in series order. Pages and exports read rows in that order from the
 * index instead of sorting every score of the footprint first, so an export's first row leaves at
 * once and a page costs its own rows, not the footprint's.
 */
export class ScorePeriodOrderIndex1796300000000 implements MigrationInterface {
  name = 'ScorePeriodOrderIndex1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX score_period_order_idx ON score (footprint_id, period, scope, subject, measure)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX score_period_order_idx');
  }
}
