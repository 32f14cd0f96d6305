import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every API process when what an API key may do changes: revoked, its expiry moved, deleted,
 * or a footprint added to or taken from it. Each sends the key's id on the `actor_changed` channel
 * (as migration 1795900000000 does for users), so processes that cache actors forget the key. Marking
 * a key used, once a minute, notifies nobody.
 */
export class ApiKeyChangeNotifications1796000000000 implements MigrationInterface {
  name = 'ApiKeyChangeNotifications1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'api_key_footprint' THEN
          PERFORM pg_notify('actor_changed', COALESCE(NEW.api_key_id, OLD.api_key_id)::text);
        ELSE
          PERFORM pg_notify('actor_changed', OLD.id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER api_key_actor_changed AFTER UPDATE OF revoked_at, expires_at ON api_key
      FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
      EXECUTE FUNCTION notify_api_key_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER api_key_actor_deleted AFTER DELETE ON api_key
      FOR EACH ROW EXECUTE FUNCTION notify_api_key_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER api_key_footprint_actor_changed AFTER INSERT OR UPDATE OR DELETE ON api_key_footprint
      FOR EACH ROW EXECUTE FUNCTION notify_api_key_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER api_key_footprint_actor_changed ON api_key_footprint');
    await queryRunner.query('DROP TRIGGER api_key_actor_deleted ON api_key');
    await queryRunner.query('DROP TRIGGER api_key_actor_changed ON api_key');
    await queryRunner.query('DROP FUNCTION notify_api_key_changed()');
  }
}
