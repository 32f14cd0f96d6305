import { Inject, Injectable } from '@nestjs/common';
import { JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, QueueProcessor, type Settings, SettingsService } from '@pp/core';
import { type Job, UnrecoverableError } from 'bullmq';
import { BoardReports, type RenderOutcome } from './board-reports.service';

type ReportJob = Job<JobPayloads['round.report'], RenderOutcome, JobName>;

/**
 * Runs the 'reports' queue in the worker: 'round.report', queued with the gate's decision on a round's
 * final scores. One report at a time per worker, whatever WORKER_CONCURRENCY: drawing the charts and
 * writing the PDF is synchronous work on the process's one thread, so a second rendering beside it
 * would finish no sooner and only double the memory (docs/operations.md, "Worker memory").
 */
@Injectable()
export class BoardReportProcessor extends QueueProcessor<JobPayloads['round.report'], RenderOutcome> {
  constructor(
    @Inject(JOB_QUEUE_OPTIONS) queueOptions: JobQueueOptions,
    @Inject(SettingsService) settings: Settings,
    private readonly reports: BoardReports,
  ) {
    super('reports', queueOptions, settings, 1);
  }

  async process(job: ReportJob): Promise<RenderOutcome> {
    if (job.name !== 'round.report') throw new UnrecoverableError(`The reports queue has no handler for ${job.name}`);
    return this.reports.render(job.data.roundId);
  }
}
