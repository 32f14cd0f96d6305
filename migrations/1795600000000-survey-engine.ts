import type { MigrationInterface, QueryRunner } from 'typeorm';

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

  /**
   * Relationship Health Pulse v1 as it was installed, written out rather than read from
   * libs/surveys (default-instrument.ts), so that no later edit there can change what this
   * migration did. test/e2e/migrations.e2e-spec.ts checks the two still agree.
   */
  private async installDefaultInstrument(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO instrument (id, key, version, name, description, dimensions, is_default)
      VALUES ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 'relationship-health-pulse', 1, 'Relationship Health Pulse',
        'The quarterly pulse of trust and joint working between the member organisations of a footprint.',
        '[{"key": "trust", "name": "Trust", "weight": 1}, {"key": "shared_purpose", "name": "Shared purpose", "weight": 1}, {"key": "involvement", "name": "Involvement", "weight": 1}, {"key": "communication", "name": "Communication", "weight": 1}, {"key": "delivery", "name": "Delivery", "weight": 1}]', true)`);
    await queryRunner.query(`
      INSERT INTO question (instrument_id, position, slot, key, text, type, dimension, options, reversed, allow_dont_know, required) VALUES
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 0, 0, 'trust_commitments', 'Partners deliver on what they commit to.', 'scale', 'trust',
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 1, 1, 'trust_openness', 'Partners are open about difficulties: they share the good, the bad and the ugly.', 'scale', 'trust',
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 2, 2, 'trust_nhs_council', 'Overall, how would you describe the relationship between the NHS and local government in this partnership?', 'scale', 'trust',
          '[{"label": "Limited", "value": "limited"}, {"label": "Reasonable", "value": "reasonable"}, {"label": "Very strong", "value": "very_strong"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 3, 3, 'purpose_shared_goals', 'Partners share goals for the population.', 'scale', 'shared_purpose',
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 4, 4, 'purpose_joint_working', 'Joint working is essential to the sustainability of health and care services here.', 'scale', 'shared_purpose',
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 5, 5, 'involvement_decisions', 'How involved is your organisation in partnership decisions?', 'scale', 'involvement',
          '[{"label": "None", "value": "none"}, {"label": "Limited", "value": "limited"}, {"label": "Moderate", "value": "moderate"}, {"label": "Significant", "value": "significant"}, {"label": "Full", "value": "full"}]', false, false, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 6, 6, 'involvement_equal_partner', 'Local government is an equal partner.', 'scale', 'involvement',
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 7, 7, 'communication_information', 'Information is shared between partners in a timely, accurate way.', 'scale', 'communication',
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 8, 8, 'communication_problem_solving', 'Problems are solved together rather than blamed on one partner.', 'scale', 'communication',
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 9, 9, 'delivery_progress', 'How much progress has the partnership made on its joint projects?', 'scale', 'delivery',
          '[{"label": "Very little", "value": "very_little"}, {"label": "Little", "value": "little"}, {"label": "Some", "value": "some"}, {"label": "Good", "value": "good"}, {"label": "Significant", "value": "significant"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 10, 10, 'delivery_integration_likelihood', 'How likely is tangible integration of services within the next year?', 'scale', 'delivery',
          '[{"label": "Very unlikely", "value": "very_unlikely"}, {"label": "Unlikely", "value": "unlikely"}, {"label": "Neither likely nor unlikely", "value": "neither_likely_nor_unlikely"}, {"label": "Likely", "value": "likely"}, {"label": "Very likely", "value": "very_likely"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 11, 11, 'delivery_relations_change', 'How have relations between the partners changed this quarter?', 'scale', 'delivery',
          '[{"label": "Much worse", "value": "much_worse"}, {"label": "Worse", "value": "worse"}, {"label": "About the same", "value": "about_the_same"}, {"label": "Better", "value": "better"}, {"label": "Much better", "value": "much_better"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 12, 0, 'partner_overall', 'Overall, how is your relationship with this organisation?', 'partner_rating', NULL,
          '[{"label": "Very poor", "value": "very_poor"}, {"label": "Poor", "value": "poor"}, {"label": "Neither good nor poor", "value": "neither_good_nor_poor"}, {"label": "Good", "value": "good"}, {"label": "Very good", "value": "very_good"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 13, 1, 'partner_reliable', 'It is reliable: it delivers on what it commits to.', 'partner_rating', NULL,
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 14, 2, 'partner_mission', 'It supports the partnership''s mission.', 'partner_rating', NULL,
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 15, 3, 'partner_open', 'It is open to discussion.', 'partner_rating', NULL,
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 16, 4, 'partner_communication', 'It communicates with us in a timely, accurate way.', 'partner_rating', NULL,
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 17, 5, 'partner_problem_solving', 'It solves problems with us rather than blaming.', 'partner_rating', NULL,
          '[{"label": "Strongly disagree", "value": "strongly_disagree"}, {"label": "Disagree", "value": "disagree"}, {"label": "Neither agree nor disagree", "value": "neither_agree_nor_disagree"}, {"label": "Agree", "value": "agree"}, {"label": "Strongly agree", "value": "strongly_agree"}]', false, true, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 18, 6, 'partner_closer_links', 'We would value closer links with it.', 'partner_rating', NULL,
          '[{"label": "No", "value": "no"}, {"label": "Yes", "value": "yes"}]', false, false, true),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 19, 12, 'main_barrier', 'What is the main barrier to joint working in this partnership?', 'single_choice', NULL,
          '[{"label": "Different performance regimes", "value": "different_performance_regimes"}, {"label": "Different IT systems", "value": "different_it_systems"}, {"label": "Cost shunting between budgets", "value": "cost_shunting_between_budgets"}, {"label": "Staff terms and conditions", "value": "staff_terms_and_conditions"}, {"label": "Culture", "value": "culture"}, {"label": "Funding", "value": "funding"}, {"label": "Other", "value": "other"}]', false, false, false),
        ('5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001', 20, 0, 'comments', 'Anything else you would like the partnership leads to know?', 'free_text', NULL,
          '[]', false, false, false)`);
  }
}
