import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnprocessableError } from '@pp/core';
import { DataSource, type EntityManager } from 'typeorm';
import { SubmissionReceipt } from './submission-receipt.entity';

export interface StoredResult<T> {
  status: number;
  body: T;
  /** True when this is the stored result of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export interface ReceiptScope {
  footprintId: string;
  roundId: string;
  /** Whose keys these are: a respondent, or the lead who uploads. */
  scope: string;
  key: string;
  /** Everything that makes the request what it is; the same key with other content is refused. */
  request: unknown;
}

/** What identifies a request's content: the same key with another hash is refused. */
export function requestHashOf(request: unknown): Buffer {
  return createHash('sha256').update(JSON.stringify(request)).digest();
}

/** A receipt as stored. */
export interface StoredReceipt {
  status: number;
  body: unknown;
  requestHash: Buffer;
}

/** The unique index a second request with the same key runs into. */
export const RECEIPT_KEY_INDEX = 'submission_receipt_scope_key_key';

/**
 * Idempotency-Key support: the first request with a key does its work and stores its result in the
 * same transaction; a retry gets that result back without writing again, even while the first is
 * still running (the retry waits on the key's unique index, then reads the committed result).
 * Uploads go through once(); a pulse submission claims and stores its receipt in its own single
 * statement (ResponseWriter), then replays through find() and replay().
 */
@Injectable()
export class SubmissionReceipts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find<T>(receipt: ReceiptScope): Promise<StoredResult<T> | null> {
    const stored = await this.dataSource.manager.findOneBy(SubmissionReceipt, { scope: receipt.scope, idempotencyKey: receipt.key });
    return stored && this.replay<T>(stored, receipt);
  }

  /** The stored result for a retry of the same request; a different request with the key is refused. */
  replay<T>(stored: StoredReceipt, receipt: ReceiptScope): StoredResult<T> {
    if (!stored.requestHash.equals(requestHashOf(receipt.request))) {
      throw new UnprocessableError('This Idempotency-Key was already used for a different request; use a new key for new content', [
        { field: 'Idempotency-Key', problem: 'was used for a different request' },
      ]);
    }
    return { status: stored.status, body: stored.body as T, replayed: true };
  }

  /**
   * Runs `work` once per key. `work` returns null when it wrote nothing (its receipt is then dropped,
   * so the client may retry later with the same key); an error rolls everything back.
   */
  async once<T extends object>(receipt: ReceiptScope, work: (manager: EntityManager) => Promise<{ status: number; body: T } | null>): Promise<StoredResult<T> | null> {
    const earlier = await this.find<T>(receipt);
    if (earlier) return earlier;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const claimed: { id: string }[] = await manager.query(
        `INSERT INTO submission_receipt (footprint_id, round_id, scope, idempotency_key, request_hash, status, body)
         VALUES ($1, $2, $3, $4, $5, 0, '{}') ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING id`,
        [receipt.footprintId, receipt.roundId, receipt.scope, receipt.key, requestHashOf(receipt.request)],
      );
      const id = claimed[0]?.id;
      if (!id) return 'raced' as const;
      const result = await work(manager);
      if (!result) {
        await manager.query('DELETE FROM submission_receipt WHERE id = $1', [id]);
        return null;
      }
      await manager.query('UPDATE submission_receipt SET status = $2, body = $3 WHERE id = $1', [id, result.status, JSON.stringify(result.body)]);
      return { ...result, replayed: false };
    });
    if (outcome !== 'raced') return outcome;
    return this.find<T>(receipt);
  }
}
