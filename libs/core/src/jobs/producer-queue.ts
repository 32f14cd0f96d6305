import { Queue, type QueueOptions } from 'bullmq';
import type { QueueName } from './job-registry';
import type { JobQueueOptions } from './outbox-relay';

/**
 * A queue that adds and reads jobs (it never runs them) in a process that must keep working while
 * Redis is down: it does not wait for Redis when created, its commands fail fast while Redis is
 * unreachable (with the connection's maxRetriesPerRequest) and succeed again once Redis is back.
 *
 * BullMQ would otherwise ask Redis for its version on the queue's first connection, and a queue
 * whose first connection failed (Redis down when it was created or first used) fails every command
 * until the process restarts. The workers, which do wait for Redis, still check its version.
 * Connection errors surface as failed commands, so the queue's 'error' events are dropped.
 */
export function producerQueue(name: QueueName, options: JobQueueOptions & Pick<QueueOptions, 'defaultJobOptions'>): Queue {
  const queue = new Queue(name, { ...options, skipWaitingForReady: true, skipVersionCheck: true });
  queue.on('error', () => undefined);
  return queue;
}
