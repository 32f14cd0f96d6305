import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError, JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, type Settings, SettingsService } from '@pp/core';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { startWorker } from '../shared/queue-worker';
import { NotificationSender, type SendOutcome, UndeliverableError } from './notification-sender';

type NotificationsJob = Job<JobPayloads['alert.notify'], SendOutcome, JobName>;

/**
 * Runs the 'notifications' queue in the worker. A failed send is retried with the queue's
 * exponential backoff (DEFAULT_JOB_OPTIONS); the last failure marks the notification failed.
 */
@Injectable()
export class NotificationsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationsProcessor.name);
  private worker: Worker<JobPayloads['alert.notify'], SendOutcome, JobName> | undefined;

  constructor(
    @Inject(JOB_QUEUE_OPTIONS) private readonly queueOptions: JobQueueOptions,
    @Inject(SettingsService) private readonly settings: Settings,
    private readonly sender: NotificationSender,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker('notifications', (job: NotificationsJob) => this.process(job), this.queueOptions, this.settings, this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async process(job: NotificationsJob): Promise<SendOutcome> {
    // Round invitations and reminders share this queue; nothing sends them yet, so they fail visibly
    // and stay in the failed set, to be retried once their sender exists, rather than vanish.
    if (job.name !== 'alert.notify') throw new UnrecoverableError(`The notifications queue has no handler for ${job.name} yet`);
    const attempt = job.attemptsMade + 1;
    try {
      return await this.sender.send(job.data.notificationId, attempt, attempt >= (job.opts.attempts ?? 1));
    } catch (error) {
      if (error instanceof DomainError || error instanceof UndeliverableError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
