import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry: footprints, organisations and their memberships over time. */
export class RegistryTables1795400000000 implements MigrationInterface {
  name = 'RegistryTables1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // btree_gist lets one exclusion constraint combine uuid equality with date-range overlap.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query(`CREATE TYPE footprint_kind AS ENUM ('STP', 'ICS', 'HSCP', 'RPB')`);
    await queryRunner.query(`CREATE TYPE nation AS ENUM ('england', 'scotland', 'wales', 'northern_ireland')`);
    await queryRunner.query(`CREATE TYPE code_system AS ENUM ('ods', 'ons')`);
    await queryRunner.query(`
      CREATE TYPE organisation_type AS ENUM (
        'county_council', 'unitary_authority', 'metropolitan_borough', 'london_borough', 'district_council',
        'ccg', 'icb', 'acute_trust', 'community_trust', 'mental_health_trust', 'ambulance_trust', 'gp_practice', 'pcn',
        'voluntary_sector', 'housing', 'other'
      )`);
    await queryRunner.query(`
      CREATE TABLE footprint (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(9) NOT NULL,
        name varchar(200) NOT NULL,
        kind footprint_kind NOT NULL,
        nation nation NOT NULL,
        region_name varchar(100) NOT NULL,
        region_code varchar(9),
        anonymity_threshold smallint NOT NULL DEFAULT 5,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT footprint_pkey PRIMARY KEY (id),
        CONSTRAINT footprint_code_key UNIQUE (code),
        CONSTRAINT footprint_anonymity_threshold_check CHECK (anonymity_threshold >= 3)
      )`);
    await queryRunner.query(`
      CREATE TABLE organisation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(9) NOT NULL,
        code_system code_system NOT NULL,
        name varchar(200) NOT NULL,
        type organisation_type NOT NULL,
        opened_on date,
        closed_on date,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_pkey PRIMARY KEY (id),
        CONSTRAINT organisation_code_key UNIQUE (code),
        CONSTRAINT organisation_open_close_check CHECK (closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on)
      )`);
    await queryRunner.query(`
      CREATE TABLE membership (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        member_from date NOT NULL,
        member_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT membership_pkey PRIMARY KEY (id),
        CONSTRAINT membership_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT membership_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT membership_dates_check CHECK (member_to IS NULL OR member_to >= member_from),
        CONSTRAINT membership_no_overlap EXCLUDE USING gist (
          footprint_id WITH =, organisation_id WITH =, daterange(member_from, member_to, '[]') WITH &&
        )
      )`);
    await queryRunner.query('CREATE INDEX membership_footprint_period_idx ON membership (footprint_id, member_from)');
    await queryRunner.query('CREATE INDEX membership_organisation_idx ON membership (organisation_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE membership');
    await queryRunner.query('DROP TABLE organisation');
    await queryRunner.query('DROP TABLE footprint');
    await queryRunner.query('DROP TYPE organisation_type');
    await queryRunner.query('DROP TYPE code_system');
    await queryRunner.query('DROP TYPE nation');
    await queryRunner.query('DROP TYPE footprint_kind');
  }
}
