import { createHash } from 'node:crypto';

/**
 * What a board report was rendered from: the round's scoring run (its computed_at as PostgreSQL's text) and the k its
 * gate decision holds for. Two renderings of one fingerprint hold the same figures.
 */
export function boardReportFingerprint(computedAt: string, k: number): string {
  return createHash('sha256').update(`${computedAt}|${k}`).digest('hex').slice(0, 16);
}

/** The deterministic id of the 'round.report' job for one gate decision: a redelivered decision queues nothing new, a re-gate queues a new rendering. */
export function boardReportJobId(roundId: string, computedAt: string, k: number): string {
  return `round.report-${roundId}-${boardReportFingerprint(computedAt, k)}`;
}
