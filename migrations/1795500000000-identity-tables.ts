import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity: users and their role grants, single-use tokens, refresh tokens, API keys and the
 * append-only audit log. Grants and API keys reference the registry's footprints and organisations.
 */
export class IdentityTables1795500000000 implements MigrationInterface {
  name = 'IdentityTables1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE user_status AS ENUM ('invited', 'active', 'disabled')`);
    await queryRunner.query(`CREATE TYPE role AS ENUM ('platform_admin', 'footprint_lead', 'analyst', 'org_submitter')`);
    await queryRunner.query(`CREATE TYPE one_time_token_purpose AS ENUM ('invitation', 'password_reset')`);
    await queryRunner.query(`
      CREATE TABLE user_account (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        display_name varchar(200) NOT NULL,
        password_hash text,
        status user_status NOT NULL,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_account_pkey PRIMARY KEY (id),
        CONSTRAINT user_account_email_key UNIQUE (email),
        CONSTRAINT user_account_email_lower_check CHECK (email = lower(email)),
        CONSTRAINT user_account_password_check CHECK (status = 'invited' OR password_hash IS NOT NULL)
      )`);
    await queryRunner.query(`
      CREATE TABLE role_grant (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        role role NOT NULL,
        footprint_id uuid,
        organisation_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT role_grant_pkey PRIMARY KEY (id),
        CONSTRAINT role_grant_user_fk FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE,
        CONSTRAINT role_grant_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT role_grant_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT role_grant_scope_key UNIQUE NULLS NOT DISTINCT (user_id, role, footprint_id, organisation_id),
        CONSTRAINT role_grant_scope_check CHECK (
          (role = 'platform_admin' AND footprint_id IS NULL AND organisation_id IS NULL)
          OR (role IN ('footprint_lead', 'analyst') AND footprint_id IS NOT NULL AND organisation_id IS NULL)
          OR (role = 'org_submitter' AND organisation_id IS NOT NULL AND footprint_id IS NULL)
        )
      )`);
    await queryRunner.query('CREATE INDEX role_grant_footprint_idx ON role_grant (footprint_id) WHERE footprint_id IS NOT NULL');
    await queryRunner.query('CREATE INDEX role_grant_organisation_idx ON role_grant (organisation_id) WHERE organisation_id IS NOT NULL');
    await queryRunner.query(`
      CREATE TABLE one_time_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        purpose one_time_token_purpose NOT NULL,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT one_time_token_pkey PRIMARY KEY (id),
        CONSTRAINT one_time_token_token_hash_key UNIQUE (token_hash),
        CONSTRAINT one_time_token_user_fk FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX one_time_token_user_idx ON one_time_token (user_id, purpose) WHERE used_at IS NULL');
    await queryRunner.query(`
      CREATE TABLE refresh_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refresh_token_pkey PRIMARY KEY (id),
        CONSTRAINT refresh_token_token_hash_key UNIQUE (token_hash),
        CONSTRAINT refresh_token_user_fk FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)');
    await queryRunner.query('CREATE INDEX refresh_token_user_idx ON refresh_token (user_id)');
    await queryRunner.query(`
      CREATE TABLE api_key (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        prefix varchar(16) NOT NULL,
        key_hash char(64) NOT NULL,
        created_by_user_id uuid,
        expires_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT api_key_pkey PRIMARY KEY (id),
        CONSTRAINT api_key_prefix_key UNIQUE (prefix),
        CONSTRAINT api_key_key_hash_key UNIQUE (key_hash),
        CONSTRAINT api_key_created_by_fk FOREIGN KEY (created_by_user_id) REFERENCES user_account (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE api_key_footprint (
        api_key_id uuid NOT NULL,
        footprint_id uuid NOT NULL,
        CONSTRAINT api_key_footprint_pkey PRIMARY KEY (api_key_id, footprint_id),
        CONSTRAINT api_key_footprint_api_key_fk FOREIGN KEY (api_key_id) REFERENCES api_key (id) ON DELETE CASCADE,
        CONSTRAINT api_key_footprint_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query('CREATE INDEX api_key_footprint_footprint_idx ON api_key_footprint (footprint_id)');
    // No foreign keys: the log outlives the users and entities it mentions.
    await queryRunner.query(`
      CREATE TABLE audit_entry (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_type varchar(16) NOT NULL,
        actor_id uuid,
        actor_label varchar(254),
        actor_role varchar(32),
        action varchar(64) NOT NULL,
        entity_type varchar(64) NOT NULL,
        entity_id varchar(64),
        footprint_id uuid,
        before jsonb,
        after jsonb,
        request_id varchar(128),
        CONSTRAINT audit_entry_pkey PRIMARY KEY (id),
        CONSTRAINT audit_entry_seq_key UNIQUE (seq)
      )`);
    await queryRunner.query('CREATE INDEX audit_entry_footprint_idx ON audit_entry (footprint_id, seq)');
    await queryRunner.query('CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id)');
    await queryRunner.query('CREATE INDEX audit_entry_actor_idx ON audit_entry (actor_id)');
    // Append-only, enforced by the database: the application cannot rewrite history even by mistake.
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()',
    );
    await queryRunner.query('CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_entry');
    await queryRunner.query('DROP FUNCTION audit_entry_append_only');
    await queryRunner.query('DROP TABLE api_key_footprint');
    await queryRunner.query('DROP TABLE api_key');
    await queryRunner.query('DROP TABLE refresh_token');
    await queryRunner.query('DROP TABLE one_time_token');
    await queryRunner.query('DROP TABLE role_grant');
    await queryRunner.query('DROP TABLE user_account');
    await queryRunner.query('DROP TYPE one_time_token_purpose');
    await queryRunner.query('DROP TYPE role');
    await queryRunner.query('DROP TYPE user_status');
  }
}
