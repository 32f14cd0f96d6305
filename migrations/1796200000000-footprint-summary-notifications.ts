import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every API process when what a footprint's summary shows changes, sending the footprint's id
 * on the `footprint_summary_changed` channel as the transaction commits: its code, name or anonymity
 * threshold; an alert raised, acknowledged, resolved or deleted; a scoring run (its scores are
 * written in the same transaction); an invitation's expected respondents. Responses need no trigger:
 * the summary's response rate is of the latest closed round, which takes no more responses.
 */
export class FootprintSummaryNotifications1796200000000 implements MigrationInterface {
  name = 'FootprintSummaryNotifications1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_footprint_summary_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'footprint' THEN
          PERFORM pg_notify('footprint_summary_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('footprint_summary_changed', COALESCE(NEW.footprint_id, OLD.footprint_id)::text);
          IF TG_OP = 'UPDATE' AND NEW.footprint_id <> OLD.footprint_id THEN PERFORM pg_notify('footprint_summary_changed', OLD.footprint_id::text); END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER footprint_summary_changed AFTER UPDATE OF code, name, anonymity_threshold ON footprint
      FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code OR OLD.name IS DISTINCT FROM NEW.name OR OLD.anonymity_threshold IS DISTINCT FROM NEW.anonymity_threshold)
      EXECUTE FUNCTION notify_footprint_summary_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER footprint_summary_deleted AFTER DELETE ON footprint
      FOR EACH ROW EXECUTE FUNCTION notify_footprint_summary_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER alert_summary_changed AFTER INSERT OR DELETE OR UPDATE OF status, footprint_id ON alert
      FOR EACH ROW EXECUTE FUNCTION notify_footprint_summary_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER round_scoring_summary_changed AFTER INSERT OR UPDATE OR DELETE ON round_scoring
      FOR EACH ROW EXECUTE FUNCTION notify_footprint_summary_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER invitation_summary_changed AFTER INSERT OR DELETE OR UPDATE OF expected_respondents, footprint_id ON invitation
      FOR EACH ROW EXECUTE FUNCTION notify_footprint_summary_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER invitation_summary_changed ON invitation');
    await queryRunner.query('DROP TRIGGER round_scoring_summary_changed ON round_scoring');
    await queryRunner.query('DROP TRIGGER alert_summary_changed ON alert');
    await queryRunner.query('DROP TRIGGER footprint_summary_deleted ON footprint');
    await queryRunner.query('DROP TRIGGER footprint_summary_changed ON footprint');
    await queryRunner.query('DROP FUNCTION notify_footprint_summary_changed()');
  }
}
