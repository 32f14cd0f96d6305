import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_INSTRUMENT_ID, RELATIONSHIP_HEALTH_PULSE_V1 } from '../libs/surveys/src/instruments/default-instrument';
import { questionRows } from '../libs/surveys/src/instruments/instrument-definition';

/**
 * The survey engine: instruments and their questions, rounds and quarterly schedules, invitations
 * and respondent links, responses with their partner ratings, and submission receipts. Installs
 * Relationship Health Pulse v1 as the default instrument.
 */
export class SurveyEngine1795600000000 implements MigrationInterface {
  name = 'SurveyEngine1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE instrument (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        key varchar(63) NOT NULL,
        version integer NOT NULL,
        name varchar(200) NOT NULL,
        description text,
        dimensions jsonb NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        locked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT instrument_pkey PRIMARY KEY (id),
        CONSTRAINT instrument_key_version_key UNIQUE (key, version)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX instrument_one_default_idx ON instrument (is_default) WHERE "is_default"');
    await queryRunner.query(`
      CREATE TABLE question (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        instrument_id uuid NOT NULL,
        position smallint NOT NULL,
        slot smallint NOT NULL,
        key varchar(63) NOT NULL,
        text text NOT NULL,
        type varchar(20) NOT NULL,
        dimension varchar(63),
        options jsonb NOT NULL,
        reversed boolean NOT NULL DEFAULT false,
        allow_dont_know boolean NOT NULL DEFAULT false,
        required boolean NOT NULL DEFAULT true,
        CONSTRAINT question_pkey PRIMARY KEY (id),
        CONSTRAINT question_instrument_fk FOREIGN KEY (instrument_id) REFERENCES instrument (id) ON DELETE CASCADE,
        CONSTRAINT question_instrument_key_key UNIQUE (instrument_id, key),
        CONSTRAINT question_instrument_position_key UNIQUE (instrument_id, position),
        CONSTRAINT question_type_check CHECK (type IN ('scale', 'yes_no', 'single_choice', 'partner_rating', 'free_text'))
      )`);
    await queryRunner.query(`
      CREATE TABLE round (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        instrument_id uuid NOT NULL,
        period varchar(7) NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'draft',
        scheduled boolean NOT NULL DEFAULT false,
        opened_at timestamptz,
        closed_at timestamptz,
        scored_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT round_pkey PRIMARY KEY (id),
        CONSTRAINT round_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT round_instrument_fk FOREIGN KEY (instrument_id) REFERENCES instrument (id) ON DELETE RESTRICT,
        CONSTRAINT round_footprint_period_key UNIQUE (footprint_id, period),
        CONSTRAINT round_status_check CHECK (status IN ('draft', 'open', 'closed', 'scored')),
        CONSTRAINT round_dates_check CHECK (closes_at > opens_at)
      )`);
    await queryRunner.query('CREATE INDEX round_status_closes_idx ON round (status, closes_at)');
    await queryRunner.query(`
      CREATE TABLE round_schedule (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        instrument_id uuid,
        open_day smallint NOT NULL DEFAULT 1,
        duration_days smallint NOT NULL DEFAULT 21,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT round_schedule_pkey PRIMARY KEY (id),
        CONSTRAINT round_schedule_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE CASCADE,
        CONSTRAINT round_schedule_instrument_fk FOREIGN KEY (instrument_id) REFERENCES instrument (id) ON DELETE RESTRICT,
        CONSTRAINT round_schedule_footprint_key UNIQUE (footprint_id),
        CONSTRAINT round_schedule_open_day_check CHECK (open_day BETWEEN 1 AND 28),
        CONSTRAINT round_schedule_duration_check CHECK (duration_days BETWEEN 1 AND 60)
      )`);
    await queryRunner.query(`
      CREATE TABLE invitation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        expected_respondents smallint NOT NULL,
        invited_at timestamptz NOT NULL,
        last_reminded_at timestamptz,
        reminder_count smallint NOT NULL DEFAULT 0,
        CONSTRAINT invitation_pkey PRIMARY KEY (id),
        CONSTRAINT invitation_round_fk FOREIGN KEY (round_id) REFERENCES round (id) ON DELETE CASCADE,
        CONSTRAINT invitation_organisation_fk FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT invitation_round_organisation_key UNIQUE (round_id, organisation_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE respondent_link (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT respondent_link_pkey PRIMARY KEY (id),
        CONSTRAINT respondent_link_round_fk FOREIGN KEY (round_id) REFERENCES round (id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX respondent_link_token_hash_key ON respondent_link (token_hash)');
    await queryRunner.query('CREATE INDEX respondent_link_round_idx ON respondent_link (round_id, organisation_id)');
    // No foreign keys to round or organisation on the two submission tables: every submission would
    // take a key-share lock on the same few parent rows. Both are checked before the write and
    // neither is ever deleted (rounds have no delete; organisations are archived).
    await queryRunner.query(`
      CREATE TABLE response (
        id uuid NOT NULL,
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        respondent_key varchar(40) NOT NULL,
        source varchar(10) NOT NULL,
        respondent_role varchar(20) NOT NULL,
        choices smallint[] NOT NULL,
        item_scores real[] NOT NULL,
        dimension_scores real[] NOT NULL,
        free_text jsonb,
        revision integer NOT NULL DEFAULT 1,
        submitted_at timestamptz NOT NULL,
        CONSTRAINT response_pkey PRIMARY KEY (id),
        CONSTRAINT response_round_respondent_key UNIQUE (round_id, respondent_key),
        CONSTRAINT response_role_check CHECK (respondent_role IN ('chief_executive', 'finance', 'adult_social_care', 'public_health', 'clinical_gp', 'commissioning', 'other')),
        CONSTRAINT response_source_check CHECK (source IN ('account', 'link', 'import'))
      )`);
    await queryRunner.query('CREATE INDEX response_round_organisation_idx ON response (round_id, organisation_id)');
    await queryRunner.query(`
      CREATE TABLE response_partner_rating (
        response_id uuid NOT NULL,
        partner_organisation_id uuid NOT NULL,
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        choices smallint[] NOT NULL,
        item_scores real[] NOT NULL,
        score real,
        CONSTRAINT response_partner_rating_pkey PRIMARY KEY (response_id, partner_organisation_id),
        CONSTRAINT response_partner_rating_response_fk FOREIGN KEY (response_id) REFERENCES response (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      'CREATE INDEX response_partner_rating_dyad_idx ON response_partner_rating (round_id, organisation_id, partner_organisation_id)',
    );
    await queryRunner.query(`
      CREATE TABLE submission_receipt (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        round_id uuid NOT NULL,
        scope varchar(40) NOT NULL,
        idempotency_key varchar(255) NOT NULL,
        request_hash bytea NOT NULL,
        status smallint NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT submission_receipt_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX submission_receipt_scope_key_key ON submission_receipt (scope, idempotency_key)');
    await this.installDefaultInstrument(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['submission_receipt', 'response_partner_rating', 'response', 'respondent_link', 'invitation', 'round_schedule', 'round', 'question', 'instrument']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }

  private async installDefaultInstrument(queryRunner: QueryRunner): Promise<void> {
    const v1 = RELATIONSHIP_HEALTH_PULSE_V1;
    await queryRunner.query(
      'INSERT INTO instrument (id, key, version, name, description, dimensions, is_default) VALUES ($1, $2, 1, $3, $4, $5, true)',
      [DEFAULT_INSTRUMENT_ID, v1.key, v1.name, v1.description, JSON.stringify(v1.dimensions)],
    );
    for (const q of questionRows(v1)) {
      await queryRunner.query(
        `INSERT INTO question (instrument_id, position, slot, key, text, type, dimension, options, reversed, allow_dont_know, required)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [DEFAULT_INSTRUMENT_ID, q.position, q.slot, q.key, q.text, q.type, q.dimension, JSON.stringify(q.options), q.reversed, q.allowDontKnow, q.required],
      );
    }
  }
}
