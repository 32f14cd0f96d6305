import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue, type Worker } from 'bullmq';
import { type JobName, type Settings, startWorker } from '@pp/core';
import { until } from '../support/processes';

/**
 * A job whose process paused past its lock (a long synchronous stretch on a loaded machine) loses
 * the lock, and BullMQ reports the renewal it could not make as an 'error'. The job is safe to run
 * again and the stall check hands it back, so the worker warns once that the job lost its lock and
 * once that it was moved on without it, and logs nothing at error level; against the real Redis.
 */
class RecordingLogger extends Logger {
  readonly lines: { level: 'warn' | 'error'; message: string }[] = [];
  override warn(message: unknown): void {
    this.lines.push({ level: 'warn', message: String(message) });
  }
  override error(message: unknown): void {
    this.lines.push({ level: 'error', message: String(message) });
  }
}

describe('job locks: a lock lost to a long pause is a warning, not an error', () => {
  const prefix = `pulse-test-${process.pid}-locks`;
  const connection = { url: process.env.REDIS_URL };
  let queue: Queue;
  let worker: Worker<unknown, void, JobName> | undefined;

  beforeAll(() => {
    queue = new Queue('schedule', { connection, prefix });
  });

  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('warns once when a job loses its lock and once when it is moved on without it, then runs the job again', async () => {
    const logger = new RecordingLogger();
    const settings = new ConfigService({ WORKER_STALLED_MS: 1000, WORKER_CONCURRENCY: 1 }) as unknown as Settings;
    let runs = 0;
    worker = startWorker(
      'schedule',
      async () => {
        runs += 1;
        if (runs > 1) return;
        // Longer than the 1 s lock, with no turn of the event loop for the renewal to run in.
        const pausedUntil = Date.now() + 2500;
        while (Date.now() < pausedUntil);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      },
      { connection, prefix },
      settings,
      logger,
    );
    const job = await queue.add('schedule.tick', {});

    // The stall check hands the job back and it runs again, to completion.
    await until('the job to complete', async () => (await queue.getJobState(job.id as string)) === 'completed', 30_000);
    await until('the first run to have finished', async () => logger.lines.some((line) => line.message.includes('lost its lock before')), 10_000);

    expect(runs).toBe(2);
    expect(logger.lines).toEqual([
      { level: 'warn', message: `schedule worker: lost the lock of job ${job.id}; the stall check hands it back to run again` },
      { level: 'warn', message: `schedule worker: job ${job.id} lost its lock before moveToFinished; that step is dropped and the job runs again` },
    ]);
  }, 60_000);
});
