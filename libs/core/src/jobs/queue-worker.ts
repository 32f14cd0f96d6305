import type { Logger } from '@nestjs/common';
import type { JobName, JobQueueOptions, QueueName, Settings } from '@pp/core';
import { type Job, Worker } from 'bullmq';

/** A BullMQ worker on `queue` set up as the scoring worker is: shared connection settings, lock and stall handling. */
export function startWorker<T, R>(queue: QueueName, handle: (job: Job<T, R, JobName>) => Promise<R>, options: JobQueueOptions, settings: Settings, logger: Logger): Worker<T, R, JobName> {
  const stalledMs = settings.get('WORKER_STALLED_MS', { infer: true });
  const worker = new Worker<T, R, JobName>(queue, handle, {
    // Workers block on Redis; ioredis must then retry commands for as long as it takes.
    connection: { ...options.connection, maxRetriesPerRequest: null },
    prefix: options.prefix,
    concurrency: settings.get('WORKER_CONCURRENCY', { infer: true }),
    lockDuration: stalledMs,
    stalledInterval: stalledMs,
    maxStalledCount: 1,
  });
  worker.on('failed', (job, error) => logger.warn(`Job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
  worker.on('error', (error) => logger.error(`${queue} worker: ${error.message}`));
  return worker;
}
