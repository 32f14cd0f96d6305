import { Inject, Injectable } from '@nestjs/common';
import { DomainError, JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, Metrics, QueueProcessor, type Settings, SettingsService } from '@pp/core';
import { runAsSystem } from '@pp/identity';
import { type Job, UnrecoverableError } from 'bullmq';
import { Histogram } from 'prom-client';
import { RoundScoringService, type ScoringOutcome } from '../scores/round-scoring.service';

/** How the audit log names the worker's scoring. */
export const SCORING_ACTOR = 'scoring';

type ScoringPayload = JobPayloads['round.rescore' | 'round.score'];
type ScoringJob = Job<ScoringPayload, ScoringOutcome, JobName>;

/**
 * Runs the 'scoring' queue in the worker process: 'round.rescore' (provisional, debounced per round)
 * and 'round.score' (final, at close). Jobs are safe to run twice (see RoundScoringService), which
 * is what makes BullMQ's recovery enough:
 * - a failure is retried with exponential backoff (DEFAULT_JOB_OPTIONS) and then kept as failed
 *   with its error; a domain error (no such round, a round not closed) fails at once;
 * - a worker that dies mid-job stops renewing its lock, and another worker's stalled-job check
 *   puts the job back after WORKER_STALLED_MS; the dead worker's transaction never committed;
 * - shutting down (SIGTERM) stops taking jobs and waits for the running ones to finish, before
 *   the database connections close (this runs before any onApplicationShutdown hook).
 */
@Injectable()
export class ScoringProcessor extends QueueProcessor<ScoringPayload, ScoringOutcome> {
  private readonly duration: Histogram<'job' | 'outcome'>;

  constructor(
    @Inject(JOB_QUEUE_OPTIONS) queueOptions: JobQueueOptions,
    @Inject(SettingsService) settings: Settings,
    private readonly scoring: RoundScoringService,
    metrics: Metrics,
  ) {
    super('scoring', queueOptions, settings);
    this.duration = new Histogram({
      name: 'scoring_job_duration_seconds',
      help: 'Scoring job duration by job name and outcome (scored, skipped, failed)',
      labelNames: ['job', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    });
  }

  async process(job: ScoringJob): Promise<ScoringOutcome> {
    const end = this.duration.startTimer({ job: job.name });
    try {
      const outcome = await this.run(job);
      end({ outcome: outcome.status });
      if (outcome.status === 'skipped') this.logger.log(`Job ${job.name} ${job.id} skipped: ${outcome.reason}`);
      return outcome;
    } catch (error) {
      end({ outcome: 'failed' });
      // Retrying cannot make a missing round exist or an open round closed.
      if (error instanceof DomainError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  /** As the system's scorer, so the audit log traces a round's move to scored to this job. */
  private run(job: ScoringJob): Promise<ScoringOutcome> {
    return runAsSystem(SCORING_ACTOR, job.id, () => this.dispatch(job));
  }

  private dispatch(job: ScoringJob): Promise<ScoringOutcome> {
    switch (job.name) {
      case 'round.rescore':
        return this.scoring.score(job.data.roundId, 'provisional');
      case 'round.score':
        return this.scoring.score(job.data.roundId, 'final');
      default:
        throw new UnrecoverableError(`The scoring queue has no handler for ${job.name}`);
    }
  }
}
