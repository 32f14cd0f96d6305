import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key drivers of each scored round (docs/scoring.md, Key drivers): per dimension and item, its
 * correlation with the overall relationship item (95% CI by Fisher's z) over the respondents who
 * scored both, and its relative weight in its kind's regression over the respondents who scored
 * everything. Written by the worker with the round's final scores and replaced with them; read only
 * through the anonymity gate. Rounds scored before this table existed get their rows when scored again.
 */
export class KeyDrivers1796431800000 implements MigrationInterface {
  name = 'KeyDrivers1796431800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE key_driver (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        period varchar(7) NOT NULL,
        outcome varchar(63) NOT NULL,
        kind varchar(10) NOT NULL,
        key varchar(63) NOT NULL,
        dimension varchar(63),
        respondents integer NOT NULL,
        mean double precision,
        correlation double precision,
        ci_lower double precision,
        ci_upper double precision,
        model_respondents integer NOT NULL,
        r_squared double precision,
        relative_weight double precision,
        importance double precision,
        class varchar(10),
        computed_at timestamptz NOT NULL,
        CONSTRAINT key_driver_pkey PRIMARY KEY (id),
        CONSTRAINT key_driver_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT key_driver_natural_key UNIQUE (round_id, kind, key),
        CONSTRAINT key_driver_kind_check CHECK (kind IN ('dimension', 'item')),
        CONSTRAINT key_driver_class_check CHECK (class IN ('priority', 'strength', 'neither'))
      )`);
    await queryRunner.query('CREATE INDEX key_driver_footprint_period_idx ON key_driver (footprint_id, period)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE key_driver');
  }
}
