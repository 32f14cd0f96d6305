import { type Band, compareWithPreviousRound, type ScoreView, type Trend } from '@pp/scoring';

/**
 * One figure of one round as an action's reader may see it: `shown` with its value, `withheld` by
 * the anonymity gate (no value, ever), or `not_scored` (no such score in that round, e.g. nobody
 * rated that partner).
 */
export type FigureStatus = 'shown' | 'withheld' | 'not_scored';

export interface GatedFigure {
  roundId: string;
  period: string;
  status: FigureStatus;
  reason: string | null;
  respondents: number | null;
  n: number | null;
  mean: number | null;
  sd: number | null;
  ci95: { lower: number; upper: number } | null;
  band: Band | null;
}

/** The after round's figure against the baseline's: the same test and thresholds as a round's trend. */
export interface FigureChange {
  delta: number;
  pValue: number | null;
  significant: boolean;
  trend: Trend;
}

export interface ActionOutcome {
  before: GatedFigure;
  after: GatedFigure;
  /** Null unless both figures are shown: a change would give a withheld one back. */
  change: FigureChange | null;
}

/** A round's figure as the gate let it through, or the lack of one. */
export function gatedFigure(round: { id: string; period: string }, view: ScoreView | undefined): GatedFigure {
  const base = { roundId: round.id, period: round.period };
  if (!view) return { ...base, status: 'not_scored', reason: 'no score for this subject in this round', respondents: null, n: null, mean: null, sd: null, ci95: null, band: null };
  if (view.suppressed || view.mean === null) {
    return { ...base, status: 'withheld', reason: view.reason ?? 'withheld by the anonymity gate', respondents: null, n: null, mean: null, sd: null, ci95: null, band: null };
  }
  return { ...base, status: 'shown', reason: null, respondents: view.respondents, n: view.n, mean: view.mean, sd: view.sd, ci95: view.ci95, band: view.band };
}

/** Before (the baseline round) and after (a later round), and the change when both are shown. */
export function outcomeOf(before: GatedFigure, after: GatedFigure): ActionOutcome {
  if (before.status !== 'shown' || after.status !== 'shown') return { before, after, change: null };
  const comparison = compareWithPreviousRound({ n: after.n!, mean: after.mean, sd: after.sd }, { n: before.n!, mean: before.mean, sd: before.sd });
  return { before, after, change: { delta: comparison.delta!, pValue: comparison.p, significant: comparison.significant, trend: comparison.trend! } };
}
