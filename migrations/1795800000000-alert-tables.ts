import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: each footprint's rules (the defaults backfilled for every existing footprint; newer
 * footprints get theirs on first use), the alerts raised once per rule × subject × round, their
 * notifications once per channel and recipient, webhook endpoints and the log of deliveries.
 * The defaults are written out here as they stood, so the migration never changes with the code.
 */
export class AlertTables1795800000000 implements MigrationInterface {
  name = 'AlertTables1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE alert_rule (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        kind varchar(30) NOT NULL,
        enabled boolean NOT NULL,
        severity varchar(10) NOT NULL,
        threshold double precision,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid,
        CONSTRAINT alert_rule_pkey PRIMARY KEY (id),
        CONSTRAINT alert_rule_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT alert_rule_footprint_kind_key UNIQUE (footprint_id, kind),
        CONSTRAINT alert_rule_kind_check CHECK (kind IN ('rhi_drop', 'dimension_concern', 'dyad_decline', 'perception_gap', 'consecutive_declines', 'response_rate')),
        CONSTRAINT alert_rule_severity_check CHECK (severity IN ('info', 'warning', 'critical'))
      )`);
    await queryRunner.query(`
      INSERT INTO alert_rule (footprint_id, kind, enabled, severity, threshold)
      SELECT f.id, d.kind, true, d.severity, d.threshold
      FROM footprint f
      CROSS JOIN (VALUES
        ('rhi_drop', 'critical', 5::double precision),
        ('dimension_concern', 'warning', NULL),
        ('dyad_decline', 'warning', 10),
        ('perception_gap', 'warning', 15),
        ('consecutive_declines', 'warning', 3),
        ('response_rate', 'info', 0.4)
      ) AS d(kind, severity, threshold)`);
    await queryRunner.query(`
      CREATE TABLE alert (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        rule_id uuid NOT NULL,
        kind varchar(30) NOT NULL,
        severity varchar(10) NOT NULL,
        round_id uuid NOT NULL,
        period varchar(7) NOT NULL,
        subject varchar(120) NOT NULL,
        subject_label varchar(300) NOT NULL,
        summary text NOT NULL,
        details jsonb NOT NULL,
        status varchar(12) NOT NULL,
        raised_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by uuid,
        resolved_at timestamptz,
        resolved_by uuid,
        resolution varchar(10),
        resolved_in_round_id uuid,
        note varchar(1000),
        CONSTRAINT alert_pkey PRIMARY KEY (id),
        CONSTRAINT alert_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT,
        CONSTRAINT alert_rule_fk FOREIGN KEY (rule_id) REFERENCES alert_rule (id) ON DELETE RESTRICT,
        CONSTRAINT alert_rule_subject_round_key UNIQUE (rule_id, subject, round_id),
        CONSTRAINT alert_status_check CHECK (status IN ('open', 'acknowledged', 'resolved')),
        CONSTRAINT alert_resolved_check CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
      )`);
    await queryRunner.query('CREATE INDEX alert_footprint_status_idx ON alert (footprint_id, status, raised_at)');
    await queryRunner.query(`
      CREATE TABLE alert_notification (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        alert_id uuid NOT NULL,
        channel varchar(10) NOT NULL,
        recipient_id uuid NOT NULL,
        address varchar(2048) NOT NULL,
        status varchar(10) NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_notification_pkey PRIMARY KEY (id),
        CONSTRAINT alert_notification_alert_fk FOREIGN KEY (alert_id) REFERENCES alert (id) ON DELETE CASCADE,
        CONSTRAINT alert_notification_alert_channel_recipient_key UNIQUE (alert_id, channel, recipient_id),
        CONSTRAINT alert_notification_channel_check CHECK (channel IN ('email', 'webhook', 'in_app')),
        CONSTRAINT alert_notification_status_check CHECK (status IN ('pending', 'sent', 'failed'))
      )`);
    await queryRunner.query('CREATE INDEX alert_notification_inbox_idx ON alert_notification (recipient_id, channel, created_at)');
    await queryRunner.query(`
      CREATE TABLE webhook_endpoint (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        url varchar(2048) NOT NULL,
        description varchar(200) NOT NULL,
        secret varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        revoked_at timestamptz,
        CONSTRAINT webhook_endpoint_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_endpoint_footprint_fk FOREIGN KEY (footprint_id) REFERENCES footprint (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query('CREATE INDEX webhook_endpoint_footprint_idx ON webhook_endpoint (footprint_id)');
    await queryRunner.query(`
      CREATE TABLE webhook_delivery (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        footprint_id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        notification_id uuid NOT NULL,
        attempt smallint NOT NULL,
        attempted_at timestamptz NOT NULL,
        status_code smallint,
        error text,
        duration_ms integer NOT NULL,
        succeeded boolean NOT NULL,
        CONSTRAINT webhook_delivery_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_delivery_endpoint_fk FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint (id) ON DELETE RESTRICT,
        CONSTRAINT webhook_delivery_notification_fk FOREIGN KEY (notification_id) REFERENCES alert_notification (id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, attempted_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_delivery');
    await queryRunner.query('DROP TABLE webhook_endpoint');
    await queryRunner.query('DROP TABLE alert_notification');
    await queryRunner.query('DROP TABLE alert');
    await queryRunner.query('DROP TABLE alert_rule');
  }
}
