import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PDF board report of each final-scored round, as the worker rendered it. One row per round:
 * rendering again (a re-gate after a new scoring run or a new k) replaces it. `fingerprint` names
 * the gate decision it was rendered from (scoring run and k), so a reader can tell which figures it
 * holds; `leads_notified_at` is set when the "report ready" email is queued, so the leads get it once.
 */
export class BoardReports1796520000000 implements MigrationInterface {
  name = 'BoardReports1796520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE board_report (
      round_id uuid PRIMARY KEY REFERENCES round (id) ON DELETE CASCADE,
      footprint_id uuid NOT NULL REFERENCES footprint (id) ON DELETE CASCADE,
      pdf bytea NOT NULL,
      byte_size integer NOT NULL CHECK (byte_size > 0),
      fingerprint text NOT NULL,
      anonymity_threshold integer NOT NULL,
      scores_computed_at timestamptz NOT NULL,
      render_ms integer NOT NULL,
      rendered_at timestamptz NOT NULL DEFAULT now(),
      leads_notified_at timestamptz
    )`);
    await queryRunner.query('CREATE INDEX board_report_footprint_idx ON board_report (footprint_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE board_report');
  }
}
