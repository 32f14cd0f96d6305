import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * A sample as the service gets it from SQL aggregates (count, avg, stddev_samp): mean is null
 * for an empty sample and sd is null below two values, as PostgreSQL returns them.
 */
export interface SampleSummary {
  n: number;
  mean: number | null;
  sd: number | null;
}

export interface ConfidenceInterval {
  lower: number;
  upper: number;
}

export interface DescriptiveStatistics extends SampleSummary {
  standardError: number | null;
  ci95: ConfidenceInterval | null;
}

/** Raw values, or the summary of them when the service already aggregated in SQL. */
export type Sample = readonly number[] | SampleSummary;

export interface WelchTestResult {
  /** Positive when the first sample's mean is the higher. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom; not an integer in general. */
  df: number;
  /** Two-sided. */
  p: number;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** n, mean and sample standard deviation (n − 1 denominator). */
export function sampleSummary(values: readonly number[]): SampleSummary {
  const n = values.length;
  const average = mean(values);
  if (average === null || n < 2) return { n, mean: average, sd: null };
  // Two passes: summing squared deviations is exact where sum-of-squares minus square-of-sum cancels.
  let squaredDeviations = 0;
  for (const value of values) squaredDeviations += (value - average) ** 2;
  return { n, mean: average, sd: Math.sqrt(squaredDeviations / (n - 1)) };
}

/**
 * Several samples pooled into one, from their summaries alone, e.g. a sector pair from its dyads.
 * Exact: the pooled sum of squared deviations is each sample's (n − 1)·sd² plus n·(mean − pooled
 * mean)². A sample of one value has no sd and adds only the second term; a sample of two or more
 * without an sd leaves the pooled sd unknown (null). Empty samples are ignored.
 */
export function pooledSummary(samples: readonly SampleSummary[]): SampleSummary {
  const present = samples.filter((sample): sample is SampleSummary & { mean: number } => sample.n > 0 && sample.mean !== null);
  const n = present.reduce((total, sample) => total + sample.n, 0);
  if (n === 0) return { n: 0, mean: null, sd: null };
  const pooledMean = present.reduce((total, sample) => total + sample.n * sample.mean, 0) / n;
  if (n < 2 || present.some((sample) => sample.n > 1 && sample.sd === null)) return { n, mean: pooledMean, sd: null };
  let squaredDeviations = 0;
  for (const sample of present) squaredDeviations += (sample.n - 1) * (sample.sd ?? 0) ** 2 + sample.n * (sample.mean - pooledMean) ** 2;
  return { n, mean: pooledMean, sd: Math.sqrt(squaredDeviations / (n - 1)) };
}

/** Adds the standard error and the 95% confidence interval (Student t, df = n − 1) to a summary. */
export function describeSample(summary: SampleSummary): DescriptiveStatistics {
  const { n, mean: average, sd } = summary;
  if (average === null || sd === null || n < 2) return { n, mean: average, sd, standardError: null, ci95: null };
  const standardError = sd / Math.sqrt(n);
  const halfWidth = criticalT(n - 1) * standardError;
  return { n, mean: average, sd, standardError, ci95: { lower: average - halfWidth, upper: average + halfWidth } };
}

/**
 * The two-sided 95% critical value of Student's t. Scoring a large round asks for it tens of
 * thousands of times with few distinct df, and each quantile is an iterative inversion, so it is
 * remembered per df (the cache holds at most one entry per sample size ever seen).
 */
const criticalValues = new Map<number, number>();
function criticalT(df: number): number {
  let value = criticalValues.get(df);
  if (value === undefined) {
    value = tQuantile(0.975, df);
    criticalValues.set(df, value);
  }
  return value;
}

export function descriptiveStatistics(values: readonly number[]): DescriptiveStatistics {
  return describeSample(sampleSummary(values));
}

/**
 * Welch's unequal-variances t-test of a against b.
 *
 * Returns null when the test is undefined, rather than inventing a p-value:
 * - fewer than two values on either side: no variance estimate, so no standard error;
 * - zero variance on both sides: the standard error is 0, so t is 0/0 or ±∞ and the
 *   Welch–Satterthwaite df is 0/0. Callers treat such a change as not significant.
 * Zero variance on one side only is fine: df falls to n − 1 of the other side.
 */
export function welchTTest(a: Sample, b: Sample): WelchTestResult | null {
  const first = asSummary(a);
  const second = asSummary(b);
  if (first.n < 2 || second.n < 2) return null;
  if (first.mean === null || second.mean === null || first.sd === null || second.sd === null) return null;
  const firstVarianceOfMean = first.sd ** 2 / first.n;
  const secondVarianceOfMean = second.sd ** 2 / second.n;
  const varianceOfDifference = firstVarianceOfMean + secondVarianceOfMean;
  if (varianceOfDifference === 0) return null;
  const t = (first.mean - second.mean) / Math.sqrt(varianceOfDifference);
  const df =
    varianceOfDifference ** 2 /
    (firstVarianceOfMean ** 2 / (first.n - 1) + secondVarianceOfMean ** 2 / (second.n - 1));
  return { t, df, p: twoSidedP(t, df) };
}

/** Two-sided p-value of a t statistic; the lower tail at −|t| avoids cancellation in 1 − cdf. */
export function twoSidedP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

function asSummary(sample: Sample): SampleSummary {
  return isValues(sample) ? sampleSummary(sample) : sample;
}

function isValues(sample: Sample): sample is readonly number[] {
  return Array.isArray(sample);
}
