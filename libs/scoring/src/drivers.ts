import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { atLeast, scoreBand } from './bands';
import type { ConfidenceInterval } from './statistics';

/**
 * Key drivers: how strongly each dimension and item goes with the overall relationship
 * (docs/scoring.md, Key drivers). Pure; the round's correlations come from PostgreSQL's corr()
 * aggregates (score-queries.ts), so nothing here reads one row per respondent.
 */

/** The two-sided 95% point of the standard normal distribution. */
const Z_975 = 1.959963984540054;

/** Eigenvalues of a correlation matrix below this (relative to its size) mean predictors that are linear combinations of others. */
const SINGULAR = 1e-10;

export type DriverKind = 'dimension' | 'item';
export const DRIVER_KINDS: readonly DriverKind[] = ['dimension', 'item'];

export type DriverClass = 'priority' | 'strength' | 'neither';
export const DRIVER_CLASSES: readonly DriverClass[] = ['priority', 'strength', 'neither'];

/**
 * Pearson's r over the pairs where both values are present (pairwise deletion), with the pairs
 * counted; null below two pairs or without variance. The pairs are summed in sorted order, so the
 * same respondents give the same r to the last bit whatever order they come in (floating-point
 * sums depend on the order of their terms).
 */
export function pearson(x: readonly (number | null)[], y: readonly (number | null)[]): { n: number; r: number | null } {
  const pairs: [number, number][] = [];
  x.forEach((value, i) => {
    const other = y[i];
    if (value !== null && value !== undefined && other !== null && other !== undefined) pairs.push([value, other]);
  });
  pairs.sort(([a1, b1], [a2, b2]) => a1 - a2 || b1 - b2);
  const n = pairs.length;
  if (n < 2) return { n, r: null };
  const meanX = pairs.reduce((sum, [a]) => sum + a, 0) / n;
  const meanY = pairs.reduce((sum, [, b]) => sum + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [a, b] of pairs) {
    sxy += (a - meanX) * (b - meanY);
    sxx += (a - meanX) ** 2;
    syy += (b - meanY) ** 2;
  }
  return { n, r: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null };
}

/**
 * 95% confidence interval of a correlation by Fisher's z: atanh(r) ± 1.96/√(n − 3), back through
 * tanh. Null below four pairs, where the standard error is undefined.
 */
export function fisherInterval(r: number | null, n: number): ConfidenceInterval | null {
  if (r === null || !Number.isFinite(r) || Math.abs(r) > 1 || n < 4) return null;
  const z = Math.atanh(r);
  const half = Z_975 / Math.sqrt(n - 3);
  return { lower: Math.tanh(z - half), upper: Math.tanh(z + half) };
}

export interface RelativeWeights {
  /** Explained variance of the multiple regression of the outcome on every predictor. */
  rSquared: number;
  /** Raw relative weights (Johnson's ε), one per predictor, summing to rSquared. */
  weights: number[];
}

/**
 * Johnson's (2000) relative weights from the predictors' correlation matrix and their correlations
 * with the outcome. The predictors are replaced by their closest orthogonal counterparts
 * Z = X·Λ⁻¹ (Λ = R^½, the symmetric square root of R = QDQ'); the outcome is regressed on Z
 * (β = Λ⁻¹·r), and each predictor's weight is Σₖ λⱼₖ²·βₖ², its share of each Zₖ's contribution.
 * The weights sum to R². Null when the correlations are incomplete or the predictors are linearly
 * dependent (R singular), where no regression has a unique solution.
 */
export function relativeWeights(correlations: readonly (readonly (number | null)[])[], withOutcome: readonly (number | null)[]): RelativeWeights | null {
  const p = withOutcome.length;
  if (p === 0 || correlations.length !== p || correlations.some((row) => row.length !== p)) return null;
  if (withOutcome.some((r) => r === null) || correlations.some((row) => row.some((r) => r === null))) return null;
  const eigen = new EigenvalueDecomposition(new Matrix(correlations as number[][]), { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  if (Math.min(...values) <= SINGULAR * p) return null;
  const vectors = eigen.eigenvectorMatrix;
  const root = (power: number) => vectors.mmul(Matrix.diag(values.map((v) => v ** power))).mmul(vectors.transpose());
  const lambda = root(0.5);
  const beta = root(-0.5).mmul(Matrix.columnVector(withOutcome as number[])).getColumn(0);
  const weights = Array.from({ length: p }, (_, j) => beta.reduce((sum, b, k) => sum + lambda.get(j, k) ** 2 * b ** 2, 0));
  return { rSquared: beta.reduce((sum, b) => sum + b ** 2, 0), weights };
}

/**
 * A dimension is important when its relative weight is at least an equal share of R² (1/p of it);
 * its score is low when its mean is below the mean of the dimensions' means, or in the concern
 * band. Important and low: a priority; important and not low: a strength; otherwise neither.
 * Null without an importance (the model was not estimated).
 */
export function classifyDrivers(drivers: readonly { mean: number | null; importance: number | null }[]): (DriverClass | null)[] {
  const means = drivers.map((d) => d.mean).filter((m): m is number => m !== null);
  const average = means.length ? means.reduce((sum, m) => sum + m, 0) / means.length : null;
  return drivers.map(({ mean, importance }) => {
    if (importance === null || mean === null || average === null) return null;
    if (importance < 1 / drivers.length) return 'neither';
    return !atLeast(mean, average) || scoreBand(mean) === 'concern' ? 'priority' : 'strength';
  });
}

/** One predictor as the round's SQL aggregates give it: over respondents scoring both it and the outcome. */
export interface DriverPredictor {
  key: string;
  /** An item's dimension; null for a dimension. */
  dimension: string | null;
  /** Respondents scoring both the predictor and the outcome. */
  respondents: number;
  correlation: number | null;
  /** The predictor's mean as published: a dimension's footprint score, an item's mean over everyone who scored it. */
  mean: number | null;
}

/** One kind's regression, over the respondents scoring the outcome and every predictor of the kind (listwise). */
export interface DriverModel {
  kind: DriverKind;
  predictors: readonly DriverPredictor[];
  respondents: number;
  /** Correlations among the predictors, in the order of `predictors`, over the model's respondents. */
  correlations: readonly (readonly (number | null)[])[];
  /** Each predictor's correlation with the outcome over the model's respondents. */
  withOutcome: readonly (number | null)[];
}

export interface KeyDriverRow {
  kind: DriverKind;
  key: string;
  dimension: string | null;
  respondents: number;
  mean: number | null;
  correlation: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  modelRespondents: number;
  rSquared: number | null;
  relativeWeight: number | null;
  /** The relative weight as a share of R² (0–1). */
  importance: number | null;
  /** Dimensions only. */
  class: DriverClass | null;
}

/**
 * Every driver row of a round: each predictor's correlation with its 95% CI, and its relative
 * weight from its kind's model. A model needs at least p + 2 respondents (one residual degree of
 * freedom) and explained variance above zero; otherwise its weights are null.
 */
export function keyDrivers(models: readonly DriverModel[]): KeyDriverRow[] {
  return models.flatMap((model) => {
    const p = model.predictors.length;
    const fitted = model.respondents >= p + 2 ? relativeWeights(model.correlations, model.withOutcome) : null;
    const estimated = fitted && fitted.rSquared > 0 ? fitted : null;
    const rows = model.predictors.map((predictor, j): KeyDriverRow => {
      const ci = fisherInterval(predictor.correlation, predictor.respondents);
      const weight = estimated ? estimated.weights[j]! : null;
      return {
        kind: model.kind,
        key: predictor.key,
        dimension: predictor.dimension,
        respondents: predictor.respondents,
        mean: predictor.mean,
        correlation: predictor.correlation,
        ciLower: ci?.lower ?? null,
        ciUpper: ci?.upper ?? null,
        modelRespondents: model.respondents,
        rSquared: estimated?.rSquared ?? null,
        relativeWeight: weight,
        importance: weight === null ? null : weight / estimated!.rSquared,
        class: null,
      };
    });
    if (model.kind !== 'dimension') return rows;
    const classes = classifyDrivers(rows);
    return rows.map((row, j) => ({ ...row, class: classes[j]! }));
  });
}
