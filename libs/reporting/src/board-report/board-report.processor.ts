import { Inject, Injectable } from '@nestjs/common';
import { JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, QueueProcessor, type Settings, SettingsService } from '@pp/core';
import { type Job, UnrecoverableError } from 'bullmq';
import { BoardReports, type RenderOutcome } from './board-reports.service';

type ReportJob = Job<JobPayloads['round.report'], RenderOutcome, JobName>;

/** Runs the 'reports' queue in the worker: 'round.report', queued with the gate's decision on a round's final scores. */
@Injectable()
export class BoardReportProcessor extends QueueProcessor<JobPayloads['round.report'], RenderOutcome> {
  constructor(
    @Inject(JOB_QUEUE_OPTIONS) queueOptions: JobQueueOptions,
    @Inject(SettingsService) settings: Settings,
    private readonly reports: BoardReports,
  ) {
    super('reports', queueOptions, settings);
  }

  async process(job: ReportJob): Promise<RenderOutcome> {
    if (job.name !== 'round.report') throw new UnrecoverableError(`The reports queue has no handler for ${job.name}`);
    return this.reports.render(job.data.roundId);
  }
}
