import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox: jobs written with the change that caused them, relayed to BullMQ by the worker. */
export class Outbox1795300000000 implements MigrationInterface {
  name = 'Outbox1795300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        job_name text NOT NULL,
        payload jsonb NOT NULL,
        job_id text NOT NULL CONSTRAINT uq_outbox_job_id UNIQUE,
        available_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT ck_outbox_job_id CHECK (job_id ~ '^[A-Za-z0-9._-]+$')
      )`);
    await queryRunner.query('CREATE INDEX ix_outbox_pending ON outbox (id) WHERE dispatched_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox');
  }
}
