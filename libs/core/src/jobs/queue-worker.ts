import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import type { Settings } from '../config/config.module';
import type { JobName, QueueName } from './job-registry';
import type { JobQueueOptions } from './outbox-relay';

/**
 * A BullMQ worker on `queue` as every processor starts one: shared connection settings, lock and
 * stall handling, and the process's name on the jobs it runs. `concurrency` defaults to WORKER_CONCURRENCY.
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
  const worker = new Worker<T, R, JobName>(queue, handle, {
    // Workers block on Redis; ioredis must then retry commands for as long as it takes.
    connection: { ...options.connection, maxRetriesPerRequest: null },
    prefix: options.prefix,
    // Jobs record which process ran them (processedBy), for operators reading failed jobs.
    name: `${hostname()}:${process.pid}`,
    concurrency,
    lockDuration: stalledMs,
    stalledInterval: stalledMs,
    maxStalledCount: 1,
  });
  worker.on('failed', (job, error) => logger.warn(`Job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
  worker.on('error', (error) => logger.error(`${queue} worker: ${error.message}`));
  return worker;
}

/**
 * A queue's processor in the worker: starts its BullMQ worker (startWorker) once the app has booted
 * and, on shutdown, stops taking jobs and waits for the running ones before the app's database
 * connections close. A subclass names its queue and runs its jobs.
 */
export abstract class QueueProcessor<T, R> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private worker: Worker<T, R, JobName> | undefined;

  protected constructor(
    private readonly queue: QueueName,
    private readonly queueOptions: JobQueueOptions,
    private readonly settings: Settings,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker(this.queue, (job: Job<T, R, JobName>) => this.process(job), this.queueOptions, this.settings, this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  abstract process(job: Job<T, R, JobName>): Promise<R>;
}
