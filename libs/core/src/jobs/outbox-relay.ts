import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JOB_QUEUE, type JobName, jobOptionsOf, QUEUES, type QueueName } from './job-registry';
import { dependencyOf, isConnectionError, outages } from '../health/outages';
import { Pause } from './pause';
import { producerQueue } from './producer-queue';

/** Injection token of the BullMQ connection and key prefix shared by the relay and the processors. */
export const JOB_QUEUE_OPTIONS = Symbol('JOB_QUEUE_OPTIONS');

export interface JobQueueOptions {
  connection: ConnectionOptions;
  prefix: string;
  /** NOTIFICATION_ATTEMPTS; unset, notifications are tried like every other job. */
  notificationAttempts?: number;
}

const BATCH_SIZE = 200;
const IDLE_POLL_MS = 500;
const MAX_BACKOFF_MS = 30_000;

interface PendingRow {
  id: string;
  job_name: JobName;
  payload: Record<string, unknown>;
  job_id: string;
}

/**
 * Moves outbox rows to BullMQ. Rows are claimed with SKIP LOCKED so several workers can relay side
 * by side, and marked dispatched only after Redis accepted them: a Redis outage delays work, it
 * never loses it. A row relayed twice is one job, because its job id is deterministic.
 *
 * A row waits in PostgreSQL until it is due (`available_at`), rather than as a delayed job in Redis:
 * a Redis that restarts without its data then loses only jobs due at that moment and not yet taken
 * by a worker, instead of every delayed one (e.g. a round's debounced rescore, which the later
 * submissions of its window rely on without writing a row of their own).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues: Record<QueueName, Queue>;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new Pause();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_QUEUE_OPTIONS) options: JobQueueOptions,
  ) {
    // Connection errors surface as failed relays below, and the queues recover once Redis is back.
    this.queues = Object.fromEntries(
      QUEUES.map((name) => [name, producerQueue(name, { connection: options.connection, prefix: options.prefix, defaultJobOptions: jobOptionsOf(name, options.notificationAttempts) })]),
    ) as Record<QueueName, Queue>;
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.pause.wake();
    await this.loop;
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Relays one batch; returns how many rows went to BullMQ. Throws when Redis refused them. */
  async relayOnce(): Promise<number> {
    let claimed: PendingRow[] = [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Due by this process's clock, as the writers' runAt were set by theirs (not PostgreSQL's).
        claimed = await manager.query(
          `SELECT id, job_name, payload, job_id FROM outbox
           WHERE dispatched_at IS NULL AND available_at <= $2 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH_SIZE, new Date()],
        );
        if (claimed.length === 0) return 0;
        const byQueue = new Map<QueueName, PendingRow[]>();
        for (const row of claimed) {
          const queue = JOB_QUEUE[row.job_name];
          byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
        }
        await Promise.all(
          [...byQueue].map(([queue, rows]) =>
            this.queues[queue].addBulk(
              rows.map((row) => ({
                name: row.job_name,
                data: row.payload,
                opts: { jobId: row.job_id },
              })),
            ),
          ),
        );
        await manager.query('UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1)', [claimed.map((r) => r.id)]);
        return claimed.length;
      });
    } catch (error) {
      if (claimed.length > 0) {
        await this.dataSource
          .query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)', [
            claimed.map((r) => r.id),
            error instanceof Error ? error.message : String(error),
          ])
          .catch(() => undefined);
      }
      throw error;
    }
  }

  private async run(): Promise<void> {
    let backoff = IDLE_POLL_MS;
    while (!this.stopped) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        backoff = IDLE_POLL_MS;
      } catch (error) {
        // An outage is logged once, by Outages; anything else at every failure.
        if (isConnectionError(error)) outages.down(dependencyOf(error), error);
        else this.logger.warn(`Outbox relay failed, retrying in ${backoff} ms: ${error instanceof Error ? error.message : String(error)}`);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
      if (relayed < BATCH_SIZE) await this.pause.for(backoff);
    }
  }
}
