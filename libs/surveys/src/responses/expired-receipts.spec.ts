import type { DataSource } from 'typeorm';
import { ExpiredReceipts, RECEIPT_RETENTION_MS, receiptsExpireBefore } from './expired-receipts';

/** A DataSource whose DELETEs report the given row counts in turn, recording their parameters. */
function deleting(counts: number[]) {
  const statements: unknown[][] = [];
  const dataSource = {
    query: async (_sql: string, params: unknown[]) => {
      statements.push(params);
      return [[], counts[statements.length - 1] ?? 0];
    },
  } as unknown as DataSource;
  return { statements, receipts: new ExpiredReceipts(dataSource) };
}

describe('expired Idempotency-Key receipts', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('expire a day after they were written', () => {
    expect(RECEIPT_RETENTION_MS).toBe(24 * 3600 * 1000);
    expect(receiptsExpireBefore(now)).toEqual(new Date('2026-11-22T12:00:00Z'));
  });

  it.each([
    [[0], 0, 1],
    [[3], 3, 1],
    [[10, 10, 4], 24, 3],
    [[10, 10, 0], 20, 3],
  ])('are deleted in batches until a batch comes back short (%j)', async (counts, deleted, statements) => {
    const run = deleting(counts);
    expect(await run.receipts.delete(now, 10)).toBe(deleted);
    expect(run.statements).toHaveLength(statements);
    expect(run.statements[0]).toEqual([receiptsExpireBefore(now), 10]);
  });

  it('stop after a bounded number of batches, leaving the rest to the next run', async () => {
    const run = deleting(Array(50).fill(10));
    expect(await run.receipts.delete(now, 10)).toBe(200);
    expect(run.statements).toHaveLength(20);
  });
});
