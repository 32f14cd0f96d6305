import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Round scoring: per-round scores of every scope with their trends, the answer distribution of
 * every question, and the latest scoring run of each round. No foreign keys to round: the survey
 * engine owns it and never deletes one.
 */
export class ScoreTables1795700000000 implements MigrationInterface {
  name = 'ScoreTables1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE score (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        period varchar(7) NOT NULL,
        provisional boolean NOT NULL,
        scope varchar(20) NOT NULL,
        subject varchar(80) NOT NULL,
        measure varchar(63) NOT NULL,
        organisation_id uuid,
        partner_organisation_id uuid,
        sector varchar(20),
        partner_sector varchar(20),
        respondents integer NOT NULL,
        n integer NOT NULL,
        mean double precision,
        sd double precision,
        ci_lower double precision,
        ci_upper double precision,
        band varchar(10),
        previous_round_id uuid,
        previous_mean double precision,
        previous_respondents integer,
        delta double precision,
        p_value double precision,
        significant boolean NOT NULL DEFAULT false,
        trend varchar(15),
        slope double precision,
        slope_min_respondents integer,
        consecutive_declines smallint NOT NULL DEFAULT 0,
        perception_gap double precision,
        gap_respondents integer,
        computed_at timestamptz NOT NULL,
        CONSTRAINT score_pkey PRIMARY KEY (id),
        CONSTRAINT score_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT score_natural_key UNIQUE (round_id, scope, subject, measure),
        CONSTRAINT score_scope_check CHECK (scope IN ('footprint', 'dimension', 'organisation', 'sector', 'sector_pair', 'dyad', 'network'))
      )`);
    await queryRunner.query('CREATE INDEX score_history_idx ON score (footprint_id, scope, subject, measure, period)');
    await queryRunner.query(`
      CREATE TABLE question_distribution (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        question_key varchar(63) NOT NULL,
        breakdown varchar(20) NOT NULL,
        group_key varchar(40) NOT NULL,
        respondents integer NOT NULL,
        answered integer NOT NULL,
        dont_know integer NOT NULL,
        counts integer[] NOT NULL,
        favourable_share double precision,
        neutral_share double precision,
        unfavourable_share double precision,
        computed_at timestamptz NOT NULL,
        CONSTRAINT question_distribution_pkey PRIMARY KEY (id),
        CONSTRAINT question_distribution_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT question_distribution_natural_key UNIQUE (round_id, question_key, breakdown, group_key),
        CONSTRAINT question_distribution_breakdown_check CHECK (breakdown IN ('all', 'sector', 'organisation_type', 'respondent_role'))
      )`);
    await queryRunner.query(`
      CREATE TABLE round_scoring (
        round_id uuid NOT NULL,
        footprint_id uuid NOT NULL,
        period varchar(7) NOT NULL,
        provisional boolean NOT NULL,
        respondents integer NOT NULL,
        previous_round_id uuid,
        computed_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        CONSTRAINT round_scoring_pkey PRIMARY KEY (round_id),
        CONSTRAINT round_scoring_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query('CREATE INDEX round_scoring_footprint_period_idx ON round_scoring (footprint_id, period)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE round_scoring');
    await queryRunner.query('DROP TABLE question_distribution');
    await queryRunner.query('DROP TABLE score');
  }
}
