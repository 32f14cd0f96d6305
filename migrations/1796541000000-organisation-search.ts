import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin pages find an organisation by typing part of its name or code (`GET /organisations?q=`,
 * ILIKE '%term%'), among every GP practice of a registry (~10k rows). Trigram indexes serve those
 * contains-matches of 3 characters or more without reading every row; the (name, id) index serves
 * the list's keyset order, so a broad term reads the first page in order instead of sorting all.
 * pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database owner may create it.
 */
export class OrganisationSearch1796541000000 implements MigrationInterface {
  name = 'OrganisationSearch1796541000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE INDEX organisation_name_trgm_idx ON organisation USING gin (name gin_trgm_ops)');
    await queryRunner.query('CREATE INDEX organisation_code_trgm_idx ON organisation USING gin (code gin_trgm_ops)');
    await queryRunner.query('CREATE INDEX organisation_name_idx ON organisation (name, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX organisation_name_idx');
    await queryRunner.query('DROP INDEX organisation_code_trgm_idx');
    await queryRunner.query('DROP INDEX organisation_name_trgm_idx');
    // The extension stays: dropping it would break anything else that came to use it.
  }
}
