import type { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { Settings } from '../config/config.module';
import { isConnectionError, outages } from '../health/outages';
import { type JobName, MAX_YIELD_MS, mustYield, type QueueName, YIELD_MS, YIELDS_TO } from './job-registry';
import type { JobQueueOptions } from './outbox-relay';

/**
 * How often a worker looks for jobs whose worker died: a sixth of WORKER_STALLED_MS, between 0.5 s and 5 s.
 *
 * BullMQ takes a job back in two checks: one marks the active jobs, the next puts back those still
 * marked whose lock has expired (a live worker renews its lock, which unmarks the job). Only one
 * worker checks per interval, and a worker whose turn falls inside another's interval skips it.
 * With the check as long as the lock (as it was: 30 s each), a killed worker's job waited for the
 * lock to expire, then for up to two further checks: 62 s and 92 s measured. With the check at
 * most a sixth of the lock, the job is marked well before its lock expires and put back by the
 * first check after that: within WORKER_STALLED_MS plus one interval (≤ 5 s) of the worker's death.
 */
export function stalledCheckInterval(stalledMs: number): number {
  return Math.min(5000, Math.max(500, Math.round(stalledMs / 6)));
}

/** BullMQ's 'error's that follow a lost lock: its renewal (lock-manager.js), then the job's move on (moveToFinished, moveToDelayed, …). */
const RENEWAL_FAILED = /^could not renew lock for job /;
const MOVED_WITHOUT_LOCK = /^Missing lock for job (\S+)\. (\w+)/;

/**
 * A job loses its lock when its process pauses longer than WORKER_STALLED_MS (a long synchronous
 * stretch on a loaded machine) or Redis is out of reach meanwhile. BullMQ then reports an 'error'
 * for every failed renewal, a few times a second, and another when the job, done or yielding to
 * scoring, is moved on without its lock. Neither is a fault of the code: the stall check hands the
 * job back, it runs again and every job is safe to run twice (docs/operations.md). So operators get
 * one warning when a job loses its lock and one when it is moved on without it, and `reported`
 * tells the 'error' handler to stay quiet.
 */
function reportLostLocks<T, R>(worker: Worker<T, R, JobName>, queue: QueueName, logger: Logger): { reported: (error: Error) => boolean } {
  // What has been said of each job that lost its lock, until the job completes or fails for good.
  const said = new Map<string, 'lost' | 'moved'>();
  worker.on('lockRenewalFailed', (jobIds) => {
    const lost = jobIds.filter((id) => !said.has(id));
    for (const id of lost) said.set(id, 'lost');
    if (lost.length > 0) logger.warn(`${queue} worker: lost the lock of job ${lost.join(', ')}; the stall check hands it back to run again`);
  });
  const settled = (job: Job<T, R, JobName> | undefined) => job?.id !== undefined && said.delete(job.id);
  worker.on('completed', settled);
  worker.on('failed', settled);
  return {
    reported: (error) => {
      if (RENEWAL_FAILED.test(error.message)) return true;
      const [, id, move] = MOVED_WITHOUT_LOCK.exec(error.message) ?? [];
      if (id === undefined) return false;
      // BullMQ may report the same move more than once.
      if (said.get(id) !== 'moved') logger.warn(`${queue} worker: job ${id} lost its lock before ${move}; that step is dropped and the job runs again`);
      said.set(id, 'moved');
      return true;
    },
  };
}

/**
 * A BullMQ worker on `queue` as every processor starts one: shared connection settings, lock and
 * stall handling, the process's name on the jobs it runs, and follow-up work waiting while scoring
 * has a backlog (YIELDS_TO). `concurrency` defaults to WORKER_CONCURRENCY.
 */
export function startWorker<T, R>(
  queue: QueueName,
  handle: (job: Job<T, R, JobName>) => Promise<R>,
  options: JobQueueOptions,
  settings: Settings,
  logger: Logger,
  concurrency = settings.get('WORKER_CONCURRENCY', { infer: true }),
): Worker<T, R, JobName> {
  const stalledMs = settings.get('WORKER_STALLED_MS', { infer: true });
  const yieldsTo = YIELDS_TO[queue];
  const ahead = yieldsTo ? new Queue(yieldsTo, { connection: options.connection, prefix: options.prefix }) : undefined;
  const run = async (job: Job<T, R, JobName>, token?: string): Promise<R> => {
    const age = Date.now() - job.timestamp;
    // The age first: a job that has waited its most asks Redis nothing.
    if (ahead && token && age < MAX_YIELD_MS && mustYield(age, await ahead.getJobCounts('wait', 'prioritized', 'active'))) {
      await job.moveToDelayed(Date.now() + YIELD_MS, token);
      throw new DelayedError();
    }
    return handle(job);
  };
  const worker = new Worker<T, R, JobName>(queue, run, {
    // Workers block on Redis; ioredis must then retry commands for as long as it takes.
    connection: { ...options.connection, maxRetriesPerRequest: null },
    prefix: options.prefix,
    // Jobs record which process ran them (processedBy), for operators reading failed jobs.
    name: `${hostname()}:${process.pid}`,
    concurrency,
    // A live worker renews its lock long before it expires; a job whose lock expired has lost its worker.
    lockDuration: stalledMs,
    stalledInterval: stalledCheckInterval(stalledMs),
    maxStalledCount: 1,
  });
  worker.on('closed', () => void ahead?.close());
  worker.on('failed', (job, error) => logger.warn(`Job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
  const lostLocks = reportLostLocks(worker, queue, logger);
  // While Redis is down the worker reports each reconnection attempt: the outage is logged once instead.
  worker.on('error', (error) => {
    if (isConnectionError(error)) outages.down('redis', error);
    else if (!lostLocks.reported(error)) logger.error(`${queue} worker: ${error.message}`);
  });
  (worker.getBackend() as unknown as Partial<EventEmitter>).on?.('ready', () => outages.up('redis'));
  return worker;
}

/**
 * A queue's processor in the worker: starts its BullMQ worker (startWorker) once the app has booted
 * and, on shutdown, stops taking jobs and waits for the running ones before the app's database
 * connections close. A subclass names its queue and runs its jobs, and may run fewer at once than
 * WORKER_CONCURRENCY (`concurrency`).
 */
export abstract class QueueProcessor<T, R> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private worker: Worker<T, R, JobName> | undefined;

  protected constructor(
    private readonly queue: QueueName,
    private readonly queueOptions: JobQueueOptions,
    private readonly settings: Settings,
    private readonly concurrency?: number,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker(this.queue, (job: Job<T, R, JobName>) => this.process(job), this.queueOptions, this.settings, this.logger, this.concurrency);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  abstract process(job: Job<T, R, JobName>): Promise<R>;
}
