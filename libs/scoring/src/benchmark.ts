import betainc from '@stdlib/math-base-special-betainc';

/**
 * The national benchmark: where one footprint's figure stands among the figures of the footprints
 * that share theirs for the same period (docs/scoring.md, National benchmark). Pure: the service
 * gathers the figures the anonymity gate shows and says whether the footprint shares and is scored.
 */

/** Below this many contributing footprints nothing of a figure's benchmark is shown. */
export const MIN_BENCHMARK_CONTRIBUTORS = 5;

export const BENCHMARK_REASONS = ['not_sharing', 'round_not_scored', 'own_figure_withheld', 'too_few_contributors'] as const;
export type BenchmarkReason = (typeof BENCHMARK_REASONS)[number];

/** Why a figure's benchmark is withheld, in words, for the reader. */
export const BENCHMARK_REASON_TEXT: Record<BenchmarkReason, string> = {
  not_sharing: 'your footprint does not share its figures in the national benchmark; footprints that share see where they stand',
  round_not_scored: 'your footprint has no scored round for this period',
  own_figure_withheld: 'your own figure is withheld by the anonymity gate, so it is neither compared nor contributed',
  too_few_contributors: `fewer than ${MIN_BENCHMARK_CONTRIBUTORS} footprints share this figure for this period`,
};

export type Quartile = 1 | 2 | 3 | 4;

export interface CutPoints {
  lowerQuartile: number;
  median: number;
  upperQuartile: number;
}

export interface Standing {
  /** Footprints whose figure is compared, this one included. */
  contributors: number;
  /** 100 × (contributors strictly below + ½) / contributors: see percentileRank. */
  percentile: number;
  /** 1 = the lowest quarter of contributors … 4 = the highest. */
  quartile: Quartile;
  cutPoints: CutPoints;
}

export type FigureBenchmark = ({ withheld: false } & Standing) | { withheld: true; reason: BenchmarkReason };

/**
 * Percentile rank of `own` among `values` (which include it): the share of contributors strictly
 * below it plus half of its own share. Unlike the usual mid-rank, other footprints tied with it count
 * as not below: counting half of each tie would tell a footprint that another has exactly its value.
 */
export function percentileRank(values: readonly number[], own: number): number {
  const below = values.filter((value) => value < own).length;
  return (100 * (below + 0.5)) / values.length;
}

/** The quarter of contributors a percentile rank falls in; a rank on a boundary belongs to the quarter above. */
export function quartileOf(percentile: number): Quartile {
  return Math.min(4, Math.floor(percentile / 25) + 1) as Quartile;
}

/**
 * The Harrell–Davis estimate of the p-quantile (Harrell & Davis 1982): a weighted mean of every
 * order statistic, with weights from the Beta((n+1)p, (n+1)(1−p)) distribution. Unlike the usual
 * quantiles (R's type 7, Excel's QUARTILE), it is never one contributor's value nor the mean of two
 * neighbours, so a footprint cannot read a neighbour's figure off a cut point next to its own.
 */
export function harrellDavis(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const a = (n + 1) * p;
  const b = (n + 1) * (1 - p);
  let estimate = 0;
  let previous = 0;
  sorted.forEach((value, i) => {
    const cumulative = betainc((i + 1) / n, a, b);
    estimate += (cumulative - previous) * value;
    previous = cumulative;
  });
  return estimate;
}

/** Lower quartile, median and upper quartile (Harrell–Davis), rounded to whole points: the published cut points. */
export function cutPoints(values: readonly number[]): CutPoints {
  const at = (p: number) => Math.round(harrellDavis(values, p));
  return { lowerQuartile: at(0.25), median: at(0.5), upperQuartile: at(0.75) };
}

/** A footprint's figure as its anonymity gate shows it: null when withheld. */
export interface GatedValue {
  measure: string;
  value: number | null;
}

/**
 * The contributions to each measure's benchmark: the shown values of every contributing footprint
 * (one list of figures each), in the footprints' order. A withheld figure contributes nothing.
 */
export function contributionsByMeasure(footprints: readonly (readonly GatedValue[])[]): Map<string, number[]> {
  const values = new Map<string, number[]>();
  for (const figure of footprints.flat()) {
    if (figure.value === null) continue;
    const list = values.get(figure.measure);
    if (list) list.push(figure.value);
    else values.set(figure.measure, [figure.value]);
  }
  return values;
}

export interface FigureInput {
  /** The reading footprint shares its figures (give-to-get: only sharers see the benchmark). */
  sharing: boolean;
  /** The reading footprint's round of the period is scored in full. */
  scored: boolean;
  /** The reading footprint's figure as the anonymity gate shows it; null when withheld. */
  own: number | null;
  /** The shown figures of every sharing, scored footprint of the period, the reader's included when it shares. */
  contributions: readonly number[];
}

/** One figure's benchmark for one footprint, or why it is withheld (checked in the order of the reasons). */
export function benchmarkFigure({ sharing, scored, own, contributions }: FigureInput): FigureBenchmark {
  if (!sharing) return { withheld: true, reason: 'not_sharing' };
  if (!scored) return { withheld: true, reason: 'round_not_scored' };
  if (own === null) return { withheld: true, reason: 'own_figure_withheld' };
  if (contributions.length < MIN_BENCHMARK_CONTRIBUTORS) return { withheld: true, reason: 'too_few_contributors' };
  const percentile = percentileRank(contributions, own);
  return { withheld: false, contributors: contributions.length, percentile, quartile: quartileOf(percentile), cutPoints: cutPoints(contributions) };
}
