import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The in-app alert list pages by (created_at, id), its cursor carrying created_at as a JavaScript
 * date, to the millisecond. now() keeps microseconds, so the notifications written in one
 * transaction (every alert of a round) sat past their own cursor's key and the next page skipped
 * them. Their times are kept to the millisecond from now on, as the cursor names them.
 *
 * The web app's unread badge counts a lead's unread in-app alerts every minute (GET /me/alerts
 * ?unread=true, its `total`); the inbox index (recipient, channel, created_at) would read every
 * notification the lead was ever sent to find them, the partial index holds only the unread ones.
 */
export class AlertInboxPaging1796540000000 implements MigrationInterface {
  name = 'AlertInboxPaging1796540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE alert_notification ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now())");
    await queryRunner.query("UPDATE alert_notification SET created_at = date_trunc('milliseconds', created_at) WHERE created_at <> date_trunc('milliseconds', created_at)");
    await queryRunner.query("CREATE INDEX alert_notification_unread_idx ON alert_notification (recipient_id, created_at) WHERE channel = 'in_app' AND read_at IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX alert_notification_unread_idx');
    await queryRunner.query('ALTER TABLE alert_notification ALTER COLUMN created_at SET DEFAULT now()');
  }
}
