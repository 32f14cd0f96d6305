import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the anonymity gate withholds in each round's scores, decided by the worker after each
 * scoring run so the API need not decide it on first read (reading every cell of every round a
 * footprint export covers). Derived data: a row counts only for the scoring run (computed_at) and
 * threshold it was decided for; anything else is decided afresh by whoever reads.
 */
export class ScoreGateDecisions1796100000000 implements MigrationInterface {
  name = 'ScoreGateDecisions1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE score_gate_decision (
        round_id uuid NOT NULL,
        anonymity_threshold smallint NOT NULL,
        computed_at timestamptz NOT NULL,
        withheld bytea NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT score_gate_decision_pkey PRIMARY KEY (round_id, anonymity_threshold),
        CONSTRAINT score_gate_decision_round_fk FOREIGN KEY (round_id) REFERENCES round_scoring (round_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`COMMENT ON COLUMN score_gate_decision.withheld IS 'Sorted 32-bit FNV-1a hashes of the withheld score keys (scope|subject|measure), 4 bytes each, little-endian'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE score_gate_decision');
  }
}
