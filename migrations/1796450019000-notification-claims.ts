import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly-once alert emails and webhooks: a send job claims its notification ('sending', with the
 * claim's time and token) in a transaction of its own before it talks to the SMTP relay or the
 * receiver, and records the outcome afterwards. A claim found without an outcome once it is older
 * than any send can take (the process died, or its writes failed, after the relay may have accepted)
 * is marked 'unknown' for the lead to see rather than sent again (docs/operations.md).
 */
export class NotificationClaims1796450019000 implements MigrationInterface {
  name = 'NotificationClaims1796450019000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE alert_notification ADD COLUMN claimed_at timestamptz, ADD COLUMN claim_token uuid');
    await queryRunner.query('ALTER TABLE alert_notification DROP CONSTRAINT alert_notification_status_check');
    await queryRunner.query(`ALTER TABLE alert_notification ADD CONSTRAINT alert_notification_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE alert_notification SET status = 'failed' WHERE status IN ('sending', 'unknown')`);
    await queryRunner.query('ALTER TABLE alert_notification DROP CONSTRAINT alert_notification_status_check');
    await queryRunner.query(`ALTER TABLE alert_notification ADD CONSTRAINT alert_notification_status_check CHECK (status IN ('pending', 'sent', 'failed'))`);
    await queryRunner.query('ALTER TABLE alert_notification DROP COLUMN claimed_at, DROP COLUMN claim_token');
  }
}
