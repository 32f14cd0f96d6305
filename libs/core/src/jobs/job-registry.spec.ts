import { DEFAULT_JOB_OPTIONS, jobOptionsOf, notificationRetryWindowMs, QUEUES } from './job-registry';

describe('jobOptionsOf', () => {
  it('gives the notifications queue NOTIFICATION_ATTEMPTS with the common backoff, and every other queue the defaults', () => {
    expect(jobOptionsOf('notifications', 12)).toEqual({ ...DEFAULT_JOB_OPTIONS, attempts: 12 });
    for (const queue of QUEUES.filter((q) => q !== 'notifications')) expect(jobOptionsOf(queue, 12)).toBe(DEFAULT_JOB_OPTIONS);
    expect(jobOptionsOf('notifications', undefined)).toBe(DEFAULT_JOB_OPTIONS);
  });
});

describe('notificationRetryWindowMs', () => {
  it.each([
    // attempts, first to last attempt (2 s, 4 s, … between them)
    [1, 0],
    [2, 2_000],
    [3, 6_000],
    [8, 254_000],
    [12, 4_094_000],
  ])('%i attempts span %i ms', (attempts, window) => {
    expect(notificationRetryWindowMs(attempts)).toBe(window);
  });
});
