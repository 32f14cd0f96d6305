import { atLeast } from './bands';
import { welchTTest, type SampleSummary } from './statistics';

export const TRENDS = ['improving', 'stable', 'deteriorating'] as const;
export type Trend = (typeof TRENDS)[number];

export interface TrendThresholds {
  /** A change is significant only when p is below this. */
  significanceLevel: number;
  /** …and only when it moves at least this many points, so large rounds don't flag trivia. */
  minimumChange: number;
}

export const DEFAULT_TREND_THRESHOLDS: TrendThresholds = { significanceLevel: 0.05, minimumChange: 5 };

export interface RoundComparison {
  /** Current mean minus the previous round's; null without both means. */
  delta: number | null;
  /** Welch's two-sided p; null when the test is undefined (see welchTTest). */
  p: number | null;
  significant: boolean;
  /** Null when there is nothing to compare with. */
  trend: Trend | null;
}

/** A score against the same subject's score in the previous scored round. */
export function compareWithPreviousRound(
  current: SampleSummary,
  previous: SampleSummary | null,
  thresholds: TrendThresholds = DEFAULT_TREND_THRESHOLDS,
): RoundComparison {
  if (previous === null || current.mean === null || previous.mean === null) {
    return { delta: null, p: null, significant: false, trend: null };
  }
  const delta = current.mean - previous.mean;
  const p = welchTTest(current, previous)?.p ?? null;
  const significant = isSignificantChange(delta, p, thresholds);
  return { delta, p, significant, trend: trendOf(delta, significant) };
}

/** Without a p-value there is no evidence of change, so an untestable change is never significant. */
export function isSignificantChange(
  delta: number,
  p: number | null,
  thresholds: TrendThresholds = DEFAULT_TREND_THRESHOLDS,
): boolean {
  return p !== null && p < thresholds.significanceLevel && atLeast(Math.abs(delta), thresholds.minimumChange);
}

export function trendOf(delta: number, significant: boolean): Trend {
  if (!significant) return 'stable';
  return delta > 0 ? 'improving' : 'deteriorating';
}

/**
 * Least-squares slope, in points per round, over the last `rounds` entries of a series ordered
 * oldest first, with x the round's index. A round without a score (null) keeps its place on the
 * x axis but adds no point. Null with fewer than two points.
 */
export function slope(scores: readonly (number | null)[], rounds = 4): number | null {
  const points = scores
    .slice(-rounds)
    .flatMap((score, index) => (score === null ? [] : [{ x: index, y: score }]));
  if (points.length < 2) return null;
  const meanX = points.reduce((sum, { x }) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, { y }) => sum + y, 0) / points.length;
  let covariance = 0;
  let varianceX = 0;
  for (const { x, y } of points) {
    covariance += (x - meanX) * (y - meanY);
    varianceX += (x - meanX) ** 2;
  }
  return covariance / varianceX;
}

/**
 * How many round-on-round declines end the series (oldest first): 3 for 80, 70, 65, 60. Only a
 * strict fall counts; an unchanged score (within SCORE_TOLERANCE: the same exact mean may be summed
 * to a hair less) or a round without a score (null) ends the run.
 */
export function consecutiveDeclines(scores: readonly (number | null)[]): number {
  let declines = 0;
  for (let i = scores.length - 1; i > 0; i--) {
    const current = scores[i];
    const previous = scores[i - 1];
    if (current === null || previous === null || atLeast(current, previous)) break;
    declines++;
  }
  return declines;
}

/** The "three consecutive declines" alert: does the latest round complete such a run? */
export function hasConsecutiveDeclines(scores: readonly (number | null)[], declines = 3): boolean {
  return consecutiveDeclines(scores) >= declines;
}
