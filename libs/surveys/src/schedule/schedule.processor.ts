import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUE_OPTIONS, type JobName, type JobPayloads, type JobQueueOptions, Metrics, OutboxRelay, Pause, type Settings, SettingsService, startWorker } from '@pp/core';
import { type Job, type JobSchedulerTemplateOptions, UnrecoverableError, type Worker } from 'bullmq';
import { Histogram } from 'prom-client';
import { ScheduleTick, TickFailedError, type TickReport } from './schedule-tick';

type TickJob = Job<JobPayloads['schedule.tick'], TickReport, JobName>;

/** The BullMQ job scheduler that makes the ticks; one per deployment, whatever the number of workers. */
export const TICK_SCHEDULER_ID = 'schedule-tick';

/**
 * A failed tick is not retried (the next tick does the same work) and is kept, with the last ones
 * that completed, for operators: the reports say what each tick did.
 */
const TICK_JOB_OPTIONS: JobSchedulerTemplateOptions = { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } };

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
/** A running worker makes sure the scheduler still exists every tick, and at most every this often. */
const CHECK_MS = 5_000;

/**
 * Runs the 'schedule' queue in the worker. Each worker upserts the same job scheduler at start-up,
 * which puts one 'schedule.tick' job in the queue every SCHEDULE_TICK_MS however many workers do so
 * (the job id is the scheduler's id and the tick's time); whichever worker takes a tick runs it.
 * A worker started with SCHEDULE_TICK_MS=0 neither schedules nor runs ticks.
 */
@Injectable()
export class ScheduleProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduleProcessor.name);
  private readonly duration: Histogram<'outcome'>;
  private worker: Worker<JobPayloads['schedule.tick'], TickReport, JobName> | undefined;
  private scheduling: Promise<void> | undefined;
  private stopped = false;
  private readonly pause = new Pause();

  constructor(
    @Inject(JOB_QUEUE_OPTIONS) private readonly queueOptions: JobQueueOptions,
    @Inject(SettingsService) private readonly settings: Settings,
    private readonly relay: OutboxRelay,
    private readonly tick: ScheduleTick,
    metrics: Metrics,
  ) {
    this.duration = new Histogram({
      name: 'schedule_tick_duration_seconds',
      help: 'Scheduler tick duration by outcome (done, failed)',
      labelNames: ['outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    const every = this.settings.get('SCHEDULE_TICK_MS', { infer: true });
    if (every === 0) {
      this.logger.log('SCHEDULE_TICK_MS is 0: this worker runs no scheduler ticks');
      return;
    }
    // One tick at a time in this worker; another worker's may overlap it, which the steps allow.
    this.worker = startWorker('schedule', (job: TickJob) => this.process(job), this.queueOptions, this.settings, this.logger, 1);
    this.scheduling = this.schedule(every);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.pause.wake();
    await this.scheduling;
    await this.worker?.close();
  }

  async process(job: TickJob): Promise<TickReport> {
    if (job.name !== 'schedule.tick') throw new UnrecoverableError(`The schedule queue has no handler for ${job.name}`);
    const end = this.duration.startTimer();
    try {
      const report = await this.tick.run(new Date(), job.id);
      end({ outcome: 'done' });
      if (report.opened.length || report.notOpened.length || report.closed.length || report.reminded.length || report.receiptsDeleted || report.actionsReminded || report.claimsMarkedUnknown) {
        this.logger.log(
          `Tick ${job.id}: opened ${report.opened.length}, not opened ${report.notOpened.length}, closed ${report.closed.length}, ` +
            `reminded ${report.reminded.length} rounds and ${report.actionsReminded} overdue actions, marked ${report.claimsMarkedUnknown} stale notification claims unknown, deleted ${report.receiptsDeleted} expired receipts`,
        );
      }
      return report;
    } catch (error) {
      end({ outcome: 'failed' });
      if (error instanceof TickFailedError) this.logger.warn(`Tick ${job.id}: ${JSON.stringify(error.report)}`);
      throw error;
    }
  }

  /**
   * Upserts the job scheduler, retrying with backoff while Redis is unreachable, then again every
   * tick (CHECK_MS at the least) while the worker runs: a Redis that restarted without its data has
   * lost the scheduler, and ticks resume at the next check. Upserting an unchanged scheduler keeps
   * its next tick.
   */
  private async schedule(every: number): Promise<void> {
    let backoff = FIRST_RETRY_MS;
    let scheduled = false;
    while (!this.stopped) {
      try {
        await this.relay.queue('schedule').upsertJobScheduler(TICK_SCHEDULER_ID, { every }, { name: 'schedule.tick', data: {}, opts: TICK_JOB_OPTIONS });
        if (!scheduled) this.logger.log(`Scheduler ticks every ${every} ms`);
        scheduled = true;
        backoff = FIRST_RETRY_MS;
        await this.pause.for(Math.max(every, CHECK_MS));
      } catch (error) {
        scheduled = false;
        this.logger.warn(`Could not set up the scheduler's ticks, retrying in ${backoff} ms: ${error instanceof Error ? error.message : String(error)}`);
        await this.pause.for(backoff);
        backoff = Math.min(backoff * 2, MAX_RETRY_MS);
      }
    }
  }
}
