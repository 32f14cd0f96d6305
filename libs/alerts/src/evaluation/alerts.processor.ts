import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError, JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, type Settings, SettingsService, startWorker } from '@pp/core';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { type EvaluationOutcome, RoundAlertsService } from './round-alerts.service';

type AlertsJob = Job<JobPayloads['round.alerts'], EvaluationOutcome, JobName>;

/** Runs the 'alerts' queue in the worker: 'round.alerts', queued by scoring with a round's final scores. */
@Injectable()
export class AlertsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertsProcessor.name);
  private worker: Worker<JobPayloads['round.alerts'], EvaluationOutcome, JobName> | undefined;

  constructor(
    @Inject(JOB_QUEUE_OPTIONS) private readonly queueOptions: JobQueueOptions,
    @Inject(SettingsService) private readonly settings: Settings,
    private readonly roundAlerts: RoundAlertsService,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker('alerts', (job: AlertsJob) => this.process(job), this.queueOptions, this.settings, this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async process(job: AlertsJob): Promise<EvaluationOutcome> {
    if (job.name !== 'round.alerts') throw new UnrecoverableError(`The alerts queue has no handler for ${job.name}`);
    try {
      return await this.roundAlerts.evaluate(job.data.roundId);
    } catch (error) {
      // Retrying cannot make a missing round exist.
      if (error instanceof DomainError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
