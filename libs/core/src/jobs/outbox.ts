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

/** One job for enqueueAll: its payload and the options enqueue() takes. */
export interface OutboxJob<N extends JobName> extends EnqueueOptions {
  payload: JobPayloads[N];
}

/** Writes jobs into the caller's transaction; never talks to Redis. */
@Injectable()
export class Outbox {
  enqueue<N extends JobName>(manager: EntityManager, jobName: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    return this.enqueueAll(manager, jobName, [{ payload, ...options }]);
  }

  /**
   * Many jobs of one name in one statement, e.g. the scoring of every round a quarter-end tick
   * closes: one round trip, however many rounds, while the workers are busy scoring the first ones.
   */
  async enqueueAll<N extends JobName>(manager: EntityManager, jobName: N, jobs: OutboxJob<N>[]): Promise<void> {
    if (jobs.length === 0) return;
    await manager.query(
      `INSERT INTO outbox (job_name, payload, job_id, available_at)
       SELECT $1, payload, job_id, available_at FROM unnest($2::jsonb[], $3::text[], $4::timestamptz[]) AS j(payload, job_id, available_at)
       ON CONFLICT (job_id) DO NOTHING`,
      [
        jobName,
        jobs.map((job) => JSON.stringify(job.payload)),
        jobs.map((job) => job.jobId ?? `${jobName}-${randomUUID()}`),
        jobs.map((job) => job.runAt ?? new Date()),
      ],
    );
  }
}

/** The id of the debounce window that `at` falls in, and when that window ends. */
export function debounceWindow(at: Date, windowMs: number): { key: number; endsAt: Date } {
  const key = Math.floor(at.getTime() / windowMs);
  return { key, endsAt: new Date((key + 1) * windowMs) };
}
