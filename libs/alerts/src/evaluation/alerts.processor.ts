import { Inject, Injectable } from '@nestjs/common';
import { DomainError, JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, QueueProcessor, type Settings, SettingsService } from '@pp/core';
import { type Job, UnrecoverableError } from 'bullmq';
import { type EvaluationOutcome, RoundAlertsService } from './round-alerts.service';

type AlertsJob = Job<JobPayloads['round.alerts'], EvaluationOutcome, JobName>;

/** Runs the 'alerts' queue in the worker: 'round.alerts', queued by scoring with a round's final scores. */
@Injectable()
export class AlertsProcessor extends QueueProcessor<JobPayloads['round.alerts'], EvaluationOutcome> {
  constructor(
    @Inject(JOB_QUEUE_OPTIONS) queueOptions: JobQueueOptions,
    @Inject(SettingsService) settings: Settings,
    private readonly roundAlerts: RoundAlertsService,
  ) {
    super('alerts', queueOptions, settings);
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
