import { Inject, Injectable } from '@nestjs/common';
import { JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, QueueProcessor, type Settings, SettingsService } from '@pp/core';
import { type Job, UnrecoverableError } from 'bullmq';
import { type GateOutcome, RoundGateDecisions } from '../anonymity/round-gate-decisions';

type GateJob = Job<JobPayloads['round.gate'], GateOutcome, JobName>;

/** Runs the 'gate' queue in the worker: 'round.gate', queued by scoring with every scoring run. */
@Injectable()
export class GateProcessor extends QueueProcessor<JobPayloads['round.gate'], GateOutcome> {
  constructor(
    @Inject(JOB_QUEUE_OPTIONS) queueOptions: JobQueueOptions,
    @Inject(SettingsService) settings: Settings,
    private readonly decisions: RoundGateDecisions,
  ) {
    super('gate', queueOptions, settings);
  }

  async process(job: GateJob): Promise<GateOutcome> {
    if (job.name !== 'round.gate') throw new UnrecoverableError(`The gate queue has no handler for ${job.name}`);
    return this.decisions.decide(job.data.roundId);
  }
}
