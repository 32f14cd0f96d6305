import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each respondent first submitted to a round. A resubmission replaces the response and its
 * `submitted_at`, but an open round's provisional figures cover the first respondents in order of
 * their first submission (docs/scoring.md), so that order must survive resubmissions: the column is
 * set once, by its default when the row is inserted, and the submission's upsert never updates it.
 * Existing rows take their `submitted_at`, the best that is known (a resubmitted response's first
 * time was not kept). The index serves the provisional run's cutoff: the c-th respondent of a round.
 */
export class ResponseFirstSubmission1796440000000 implements MigrationInterface {
  name = 'ResponseFirstSubmission1796440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE response ADD COLUMN first_submitted_at timestamptz');
    await queryRunner.query('UPDATE response SET first_submitted_at = submitted_at');
    await queryRunner.query('ALTER TABLE response ALTER COLUMN first_submitted_at SET DEFAULT now(), ALTER COLUMN first_submitted_at SET NOT NULL');
    await queryRunner.query('CREATE INDEX response_round_first_submission_idx ON response (round_id, first_submitted_at, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX response_round_first_submission_idx');
    await queryRunner.query('ALTER TABLE response DROP COLUMN first_submitted_at');
  }
}
