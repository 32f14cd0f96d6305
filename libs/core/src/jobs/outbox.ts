import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobName, JobPayloads } from './job-registry';

export interface EnqueueOptions {
  /**
   * Deterministic job id: a second enqueue with the same id is a no-op (outbox and BullMQ alike).
   * Letters, digits, '.', '_' and '-' only (BullMQ forbids ':'). Defaults to a fresh id.
   */
  jobId?: string;
  /** Run no earlier than this, e.g. the end of a debounce window. */
  runAt?: Date;
}

/** Writes jobs into the caller's transaction; never talks to Redis. */
@Injectable()
export class Outbox {
  async enqueue<N extends JobName>(manager: EntityManager, jobName: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    const jobId = options.jobId ?? `${jobName}-${randomUUID()}`;
    await manager.query('INSERT INTO outbox (job_name, payload, job_id, available_at) VALUES ($1, $2, $3, $4) ON CONFLICT (job_id) DO NOTHING', [
      jobName,
      JSON.stringify(payload),
      jobId,
      options.runAt ?? new Date(),
    ]);
  }
}

/** The id of the debounce window that `at` falls in, and when that window ends. */
export function debounceWindow(at: Date, windowMs: number): { key: number; endsAt: Date } {
  const key = Math.floor(at.getTime() / windowMs);
  return { key, endsAt: new Date((key + 1) * windowMs) };
}
