import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';

/**
 * The entities agree with the migrations: on a database the migrations built, TypeORM's schema
 * builder plans no change to the survey and scoring tables (a column type, nullability, index or
 * constraint that differs shows up as a statement to run). Those are the tables whose scores must
 * stay in double precision; the identity and outbox tables still differ from their entities in
 * constraints and indexes the builder cannot read, so they are left out here.
 */
const TABLES = ['instrument', 'question', 'round', 'invitation', 'response', 'response_partner_rating', 'score', 'question_distribution', 'round_scoring', 'key_driver', 'action_plan', 'action_update'];

describe('schema: entities agree with the migrations', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app.close();
  });

  it('plans no change to the survey and scoring tables', async () => {
    const dataSource = app.get(DataSource);
    const loaded = dataSource.entityMetadatas.map((m) => m.tableName);
    expect(loaded).toEqual(expect.arrayContaining(TABLES));
    const planned = await dataSource.driver.createSchemaBuilder().log();
    const touching = planned.upQueries.map((q) => q.query).filter((query) => TABLES.some((table) => query.includes(`"${table}"`)));
    expect(touching).toEqual([]);
  });
});
