import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Action plans (issue #18): what a footprint's leads decided to do about an alert, a tie (dyad), a
 * sector pair or a dimension, and the dated updates on it. An action links to exactly one thing,
 * which the link check enforces whatever the code does. `figure_*` name the stored score the link
 * follows (score.scope, subject, measure), resolved once when the action is recorded (an alert's
 * subject never changes); null for an alert on a response rate, which is no score. `baseline_round_id` is the round latest
 * scored when the action was recorded: every later round's figure is compared with it ("did it
 * work?"). `reminded_at` is set once, in the transaction that queues the overdue reminder, so two
 * workers never remind twice. No foreign key to round: the survey engine owns that table and never
 * deletes a round (as for alerts and scores).
 */
export class ActionPlans1796500000000 implements MigrationInterface {
  name = 'ActionPlans1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE action_plan (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        link_kind varchar(12) NOT NULL,
        alert_id uuid,
        rater_organisation_id uuid,
        rated_organisation_id uuid,
        rater_sector varchar(20),
        rated_sector varchar(20),
        dimension varchar(63),
        figure_scope varchar(20),
        figure_subject varchar(80),
        figure_measure varchar(63),
        owner_organisation_id uuid NOT NULL,
        description varchar(2000) NOT NULL,
        due_on date NOT NULL,
        status varchar(12) NOT NULL,
        baseline_round_id uuid,
        baseline_period varchar(7),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        reminded_at timestamptz,
        CONSTRAINT action_plan_pkey PRIMARY KEY (id),
        CONSTRAINT action_plan_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT action_plan_alert_fk FOREIGN KEY (alert_id) REFERENCES alert (id) ON DELETE RESTRICT,
        CONSTRAINT action_plan_rater_fk FOREIGN KEY (rater_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT action_plan_rated_fk FOREIGN KEY (rated_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT action_plan_owner_fk FOREIGN KEY (owner_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT action_plan_status_check CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
        CONSTRAINT action_plan_link_check CHECK (
          (link_kind = 'alert' AND alert_id IS NOT NULL AND num_nonnulls(rater_organisation_id, rated_organisation_id, rater_sector, rated_sector, dimension) = 0)
          OR (link_kind = 'dyad' AND rater_organisation_id IS NOT NULL AND rated_organisation_id IS NOT NULL AND rater_organisation_id <> rated_organisation_id
              AND num_nonnulls(alert_id, rater_sector, rated_sector, dimension) = 0)
          OR (link_kind = 'sector_pair' AND rater_sector IS NOT NULL AND rated_sector IS NOT NULL
              AND num_nonnulls(alert_id, rater_organisation_id, rated_organisation_id, dimension) = 0)
          OR (link_kind = 'dimension' AND dimension IS NOT NULL
              AND num_nonnulls(alert_id, rater_organisation_id, rated_organisation_id, rater_sector, rated_sector) = 0)
        ),
        CONSTRAINT action_plan_figure_check CHECK (num_nulls(figure_scope, figure_subject, figure_measure) IN (0, 3)),
        CONSTRAINT action_plan_baseline_check CHECK ((baseline_round_id IS NULL) = (baseline_period IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX action_plan_footprint_idx ON action_plan (footprint_id, created_at)');
    // The reminder sweep: overdue actions not yet reminded, whatever the footprint.
    await queryRunner.query("CREATE INDEX action_plan_due_idx ON action_plan (due_on) WHERE reminded_at IS NULL AND status IN ('planned', 'in_progress')");
    await queryRunner.query(`
      CREATE TABLE action_update (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        action_id uuid NOT NULL,
        note varchar(2000) NOT NULL,
        status_from varchar(12),
        status_to varchar(12),
        author_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT action_update_pkey PRIMARY KEY (id),
        CONSTRAINT action_update_action_fk FOREIGN KEY (action_id) REFERENCES action_plan (id) ON DELETE CASCADE,
        CONSTRAINT action_update_status_check CHECK ((status_from IS NULL) = (status_to IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX action_update_action_idx ON action_update (action_id, at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE action_update');
    await queryRunner.query('DROP TABLE action_plan');
  }
}
