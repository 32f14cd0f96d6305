import type { JobsOptions } from 'bullmq';

/**
 * The one registry of queues, job names and payloads. A producer names a job here and the
 * compiler checks its payload; the relay knows which queue each job goes to.
 */
export const QUEUES = ['scoring', 'gate', 'alerts', 'notifications', 'schedule', 'reports'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobPayloads {
  /** Recompute a round's provisional scores after submissions (debounced per round). */
  'round.rescore': { roundId: string };
  /** Score a closed round in full, then mark it scored. */
  'round.score': { roundId: string };
  /** Tell an invited organisation's submitters that a round is open. */
  'invitation.notify': InvitationJob;
  /** Remind an organisation still short of respondents before its round closes. */
  'invitation.remind': InvitationJob;
  /** Decide what the anonymity gate withholds in a round's scores; enqueued with every scoring run. */
  'round.gate': { roundId: string };
  /** Evaluate a footprint's alert rules against a round's final scores; enqueued with those scores. */
  'round.alerts': { roundId: string };
  /** Send one alert notification (one channel, one recipient); the row says which. */
  'alert.notify': { notificationId: string };
  /** Email the owners of an overdue action, once: queued with the claim (action_plan.reminded_at). */
  'action.remind': { actionId: string };
  /**
   * Render a round's PDF board report; enqueued with the gate's decision on a final scoring run, so
   * a re-gate (a new run, a new k) renders it again. Its own queue: rendering is CPU work that must
   * not hold up gating or emails.
   */
  'round.report': { roundId: string };
  /** Email the footprint's leads that a round's board report is ready; enqueued once, with its first rendering. */
  'report.notify': { roundId: string };
  /**
   * The scheduler's periodic work (rounds to open and close, reminders, expired receipts). Made by
   * a BullMQ job scheduler that the workers keep, never through the outbox: nothing asks for a tick.
   */
  'schedule.tick': Record<string, never>;
}

export interface InvitationJob {
  invitationId: string;
  roundId: string;
  footprintId: string;
  organisationId: string;
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'round.rescore': 'scoring',
  'round.score': 'scoring',
  'round.gate': 'gate',
  'invitation.notify': 'notifications',
  'invitation.remind': 'notifications',
  'round.alerts': 'alerts',
  'alert.notify': 'notifications',
  'action.remind': 'notifications',
  'round.report': 'reports',
  'report.notify': 'notifications',
  'schedule.tick': 'schedule',
};

/**
 * Follow-up work that waits while rounds are being scored: at a quarter-end every footprint's round
 * closes in one tick, and the gate decisions, alert evaluations, notifications and board reports that
 * each scored round queues would otherwise take the CPU, PostgreSQL and connections of the rounds still to score
 * (measured in docs/operations.md: the rounds scored last slowed to 4x, and new connections timed out).
 * A job of these queues taken while the scoring queue has jobs waiting or running goes back for
 * YIELD_MS, no attempt counted, for at most MAX_YIELD_MS after it was queued, so that nothing waits
 * long behind a stream of provisional rescores. A round scored now and then delays them by its
 * scoring time at most.
 */
export const YIELDS_TO: Partial<Record<QueueName, QueueName>> = { gate: 'scoring', alerts: 'scoring', notifications: 'scoring', reports: 'scoring' };
export const YIELD_MS = 1000;
export const MAX_YIELD_MS = 2 * 60_000;

/** Whether a job of a queue in YIELDS_TO, queued `ageMs` ago, goes back while the queue ahead counts `ahead` jobs. */
export function mustYield(ageMs: number, ahead: { wait?: number; prioritized?: number; active?: number }): boolean {
  return ageMs < MAX_YIELD_MS && (ahead.wait ?? 0) + (ahead.prioritized ?? 0) + (ahead.active ?? 0) > 0;
}

/** Retries with exponential backoff; finished jobs are kept a day so a redelivered id stays a no-op. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: false,
};

/**
 * A queue's job options. Emails and webhooks wait on someone else's server (an SMTP relay, a
 * receiver), which can be down far longer than our own PostgreSQL or Redis, so the notifications
 * queue makes `notificationAttempts` (the NOTIFICATION_ATTEMPTS setting) with the same backoff.
 */
export function jobOptionsOf(queue: QueueName, notificationAttempts: number | undefined): JobsOptions {
  return queue === 'notifications' && notificationAttempts !== undefined ? { ...DEFAULT_JOB_OPTIONS, attempts: notificationAttempts } : DEFAULT_JOB_OPTIONS;
}

/** How long a job of `attempts` attempts goes on being retried under DEFAULT_JOB_OPTIONS' backoff (2 s, 4 s, … between them). */
export function notificationRetryWindowMs(attempts: number): number {
  const { delay } = DEFAULT_JOB_OPTIONS.backoff as { delay: number };
  return delay * (2 ** (attempts - 1) - 1);
}
