import { DEFAULT_JOB_OPTIONS, jobOptionsOf, MAX_YIELD_MS, mustYield, notificationRetryWindowMs, QUEUES, YIELDS_TO } from './job-registry';

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

describe('mustYield', () => {
  it.each([
    // queued ms ago, the scoring queue's counts, goes back
    [0, {}, false],
    [0, { wait: 0, prioritized: 0, active: 0 }, false],
    [1_000, { wait: 3 }, true],
    [1_000, { prioritized: 1 }, true],
    [1_000, { active: 1 }, true],
    [MAX_YIELD_MS - 1, { wait: 40, active: 4 }, true],
    [MAX_YIELD_MS, { wait: 40, active: 4 }, false],
  ])('a job queued %i ms ago with %j ahead: %s', (ageMs, ahead, yields) => {
    expect(mustYield(ageMs, ahead)).toBe(yields);
  });

  it('never makes scoring, or the scheduler that closes rounds, wait', () => {
    expect(Object.keys(YIELDS_TO)).not.toContain('scoring');
    expect(Object.keys(YIELDS_TO)).not.toContain('schedule');
  });
});
