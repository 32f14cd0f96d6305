import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, type Settings, SettingsService, startWorker } from '@pp/core';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { type GateOutcome, RoundGateDecisions } from '../anonymity/round-gate-decisions';

type GateJob = Job<JobPayloads['round.gate'], GateOutcome, JobName>;

/** Runs the 'gate' queue in the worker: 'round.gate', queued by scoring with every scoring run. */
@Injectable()
export class GateProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GateProcessor.name);
  private worker: Worker<JobPayloads['round.gate'], GateOutcome, JobName> | undefined;

  constructor(
    @Inject(JOB_QUEUE_OPTIONS) private readonly queueOptions: JobQueueOptions,
    @Inject(SettingsService) private readonly settings: Settings,
    private readonly decisions: RoundGateDecisions,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker('gate', (job: GateJob) => this.process(job), this.queueOptions, this.settings, this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async process(job: GateJob): Promise<GateOutcome> {
    if (job.name !== 'round.gate') throw new UnrecoverableError(`The gate queue has no handler for ${job.name}`);
    return this.decisions.decide(job.data.roundId);
  }
}
