import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler's tick looks for alert notifications left 'sending' with no attempt to come (their
 * worker died after claiming and the job is gone or out of attempts) and marks them 'unknown'. It
 * runs every tick, so it reads the few rows in 'sending' through a partial index rather than every
 * notification ever written.
 */
export class StaleClaimSweep1796530000000 implements MigrationInterface {
  name = 'StaleClaimSweep1796530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX alert_notification_sending_idx ON alert_notification (claimed_at) WHERE status = 'sending'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX alert_notification_sending_idx');
  }
}
