import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { producerQueue, QUEUES, type QueueName, ServiceUnavailableError, type Settings, SettingsService } from '@pp/core';
import type { Job, JobType, Queue } from 'bullmq';

export const JOB_STATES = ['failed', 'active', 'waiting', 'delayed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueuedJob {
  queue: QueueName;
  id: string;
  name: string;
  data: unknown;
  state: JobState;
  attemptsMade: number;
  /** The worker process that ran it last (host:pid). */
  processedBy: string | null;
  failedReason: string | null;
  /** The last attempt's stack, first lines only. */
  stacktrace: string | null;
  createdAt: Date;
  processedAt: Date | null;
  finishedAt: Date | null;
}

const STACK_LINES = 8;

/**
 * Reads the BullMQ queues for platform admins: failed jobs stay in Redis with their error after their
 * last retry (DEFAULT_JOB_OPTIONS keeps them), so this is where an operator finds them.
 */
@Injectable()
export class QueuedJobs implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(SettingsService) private readonly settings: Settings) {}

  async list(state: JobState, queue: QueueName | undefined, limit: number): Promise<{ counts: Record<string, Record<string, number>>; items: QueuedJob[] }> {
    const names = queue ? [queue] : [...QUEUES];
    const counts: Record<string, Record<string, number>> = {};
    const items: QueuedJob[] = [];
    for (const name of names) {
      const q = this.queue(name);
      let jobs: Job[];
      try {
        counts[name] = await q.getJobCounts(...(JOB_STATES as unknown as JobType[]));
        jobs = await q.getJobs([state], 0, limit - 1);
      } catch {
        // The queues' only failure is reaching Redis, as the OpenAPI document says.
        throw new ServiceUnavailableError('Redis is unreachable, so the job queues cannot be read now; try again shortly');
      }
      for (const job of jobs) {
        items.push({
          queue: name,
          id: String(job.id),
          name: job.name,
          data: job.data,
          state,
          attemptsMade: job.attemptsMade,
          processedBy: job.processedBy ?? null,
          failedReason: job.failedReason || null,
          stacktrace: job.stacktrace?.at(-1)?.split('\n').slice(0, STACK_LINES).join('\n') ?? null,
          createdAt: new Date(job.timestamp),
          processedAt: job.processedOn ? new Date(job.processedOn) : null,
          finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
        });
      }
    }
    items.sort((a, b) => (b.finishedAt ?? b.createdAt).getTime() - (a.finishedAt ?? a.createdAt).getTime());
    return { counts, items: items.slice(0, limit) };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  /** Opened on first use, so the API starts without Redis; a Redis outage fails only this route, and only while it lasts. */
  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = producerQueue(name, {
        connection: { url: this.settings.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: 1 },
        prefix: this.settings.get('QUEUE_PREFIX', { infer: true }),
      });
      this.queues.set(name, queue);
    }
    return queue;
  }
}
