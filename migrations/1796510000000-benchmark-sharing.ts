import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A footprint's opt-in to the national benchmark: whether its footprint-level figures (RHI and
 * dimensions, as the anonymity gate shows them) are compared with other sharing footprints'. Off
 * until its lead or a platform admin turns it on; read at every benchmark request, so turning it off
 * withdraws the footprint from every period at once. No index: footprints number in the tens.
 */
export class BenchmarkSharing1796510000000 implements MigrationInterface {
  name = 'BenchmarkSharing1796510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE footprint ADD COLUMN benchmark_sharing boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE footprint DROP COLUMN benchmark_sharing');
  }
}
