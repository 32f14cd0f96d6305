import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ExpiredReceipts, RECEIPT_RETENTION_MS, receiptsExpireBefore } from '@pp/surveys';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';

/**
 * Deleting expired Idempotency-Key receipts, on the real database. Every suite shares it, so each
 * case's receipts are a day and an hour old under a scope of their own: nothing else in the run is
 * old enough to be deleted alongside them.
 */
describe('surveys: expired Idempotency-Key receipts', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  /** `count` receipts written 25 hours before `now`, under a scope of their own. */
  async function expired(count: number, now: Date): Promise<string> {
    const scope = `t:${randomUUID().slice(0, 8)}`;
    await db.query(
      `INSERT INTO submission_receipt (footprint_id, round_id, scope, idempotency_key, request_hash, status, body, created_at)
       SELECT gen_random_uuid(), gen_random_uuid(), $1, 'key-' || i, '\\x00', 201, '{}', $2 FROM generate_series(1, $3) i`,
      [scope, new Date(now.getTime() - RECEIPT_RETENTION_MS - 3600_000), count],
    );
    return scope;
  }

  /** Runs the deletion on the database, keeping the parameters of each DELETE statement it sends. */
  async function deleting(now: Date, batch: number): Promise<{ deleted: number; statements: unknown[][] }> {
    const statements: unknown[][] = [];
    const recording = new Proxy(db, {
      get: (target, property, receiver) =>
        property === 'query'
          ? (sql: string, params?: unknown[]) => {
              if (sql.trim().startsWith('DELETE FROM submission_receipt')) statements.push(params ?? []);
              return target.query(sql, params);
            }
          : Reflect.get(target, property, receiver),
    });
    return { deleted: await new ExpiredReceipts(recording).delete(now, batch), statements };
  }

  const left = async (scope: string) => Number((await db.query('SELECT count(*) FROM submission_receipt WHERE scope = $1', [scope]))[0].count);

  it('expire a day after they were written', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(RECEIPT_RETENTION_MS).toBe(24 * 3600 * 1000);
    expect(receiptsExpireBefore(now)).toEqual(new Date('2026-11-22T12:00:00Z'));
  });

  it.each([
    [0, 0, 1],
    [3, 3, 1],
    [24, 24, 3],
    [20, 20, 3],
  ])('are deleted in batches until a batch comes back short (%i expired)', async (count, deleted, statements) => {
    const now = new Date();
    const scope = await expired(count, now);
    const run = await deleting(now, 10);
    expect(run.deleted).toBe(deleted);
    expect(run.statements).toHaveLength(statements);
    expect(run.statements[0]).toEqual([receiptsExpireBefore(now), 10]);
    expect(await left(scope)).toBe(0);
  });

  it('stop after a bounded number of batches, leaving the rest to the next run', async () => {
    const now = new Date();
    const scope = await expired(250, now);
    const run = await deleting(now, 10);
    expect(run.deleted).toBe(200);
    expect(run.statements).toHaveLength(20);
    expect(await left(scope)).toBe(50);
  });
});
