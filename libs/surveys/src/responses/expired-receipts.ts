import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * How long an Idempotency-Key receipt is kept: a retry within a day gets the first result back; a
 * key sent again later is a new request. A day covers any client's retries, as it does for the
 * finished jobs BullMQ keeps (DEFAULT_JOB_OPTIONS).
 */
export const RECEIPT_RETENTION_MS = 24 * 3600 * 1000;

/** Rows per DELETE, so each statement holds its locks briefly… */
export const RECEIPT_BATCH = 5000;
/** …and statements per run, so one run stays short; what remains goes at the next run. */
const MAX_BATCHES = 20;

/** The instant before which receipts have expired. */
export function receiptsExpireBefore(now: Date): Date {
  return new Date(now.getTime() - RECEIPT_RETENTION_MS);
}

/**
 * Deletes Idempotency-Key receipts past their retention, in bounded batches. Rows another
 * transaction holds are skipped (SKIP LOCKED), so two workers running this side by side neither
 * wait on each other nor delete a row twice.
 */
@Injectable()
export class ExpiredReceipts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns how many receipts were deleted. */
  async delete(now: Date, batch = RECEIPT_BATCH): Promise<number> {
    const before = receiptsExpireBefore(now);
    let deleted = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      // Unordered: any expired rows will do, so the scan stops at the first `batch` it finds.
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM submission_receipt WHERE id IN (
           SELECT id FROM submission_receipt WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [before, batch],
      );
      deleted += count;
      if (count < batch) break;
    }
    return deleted;
  }
}
