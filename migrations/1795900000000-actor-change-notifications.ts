import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every API process when what a signed-in user may do changes: a grant added, changed or
 * removed, or the account's status or email changed or the account deleted. Each sends the user's
 * id on the `actor_changed` channel when its transaction commits, so processes that cache actors
 * forget that user (UsersService.actorFor). Sign-ins, which update the account's login columns,
 * notify nobody.
 */
export class ActorChangeNotifications1795900000000 implements MigrationInterface {
  name = 'ActorChangeNotifications1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_actor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'role_grant' THEN
          PERFORM pg_notify('actor_changed', COALESCE(NEW.user_id, OLD.user_id)::text);
          IF TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id THEN PERFORM pg_notify('actor_changed', OLD.user_id::text); END IF;
        ELSE
          PERFORM pg_notify('actor_changed', OLD.id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER role_grant_actor_changed AFTER INSERT OR UPDATE OR DELETE ON role_grant
      FOR EACH ROW EXECUTE FUNCTION notify_actor_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER user_account_actor_changed AFTER UPDATE OF status, email ON user_account
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.email IS DISTINCT FROM NEW.email)
      EXECUTE FUNCTION notify_actor_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER user_account_actor_deleted AFTER DELETE ON user_account
      FOR EACH ROW EXECUTE FUNCTION notify_actor_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER user_account_actor_deleted ON user_account');
    await queryRunner.query('DROP TRIGGER user_account_actor_changed ON user_account');
    await queryRunner.query('DROP TRIGGER role_grant_actor_changed ON role_grant');
    await queryRunner.query('DROP FUNCTION notify_actor_changed()');
  }
}
