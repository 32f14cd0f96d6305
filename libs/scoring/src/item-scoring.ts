import { mean } from './statistics';

/**
 * One answer to a scored item. Positions count from 0 at the least favourable option, in the
 * instrument's order; `reversed` marks items worded so that agreeing is unfavourable.
 */
export type ItemAnswer =
  | { type: 'scale'; position: number; optionCount: number; reversed?: boolean }
  | { type: 'yes_no'; yes: boolean; reversed?: boolean }
  | { type: 'dont_know' };

export interface DimensionAnswer {
  dimension: string;
  answer: ItemAnswer;
}

/** Relative weight per dimension; a dimension not named weighs 1, so no weights means equal weights. */
export type DimensionWeights = Readonly<Record<string, number>>;

/** Position i of m ordered options scores 100·i/(m − 1): the ends are 0 and 100 whatever m is. */
export function scoreOption(position: number, optionCount: number, reversed = false): number {
  if (!Number.isInteger(optionCount) || optionCount < 2) {
    throw new RangeError(`An ordered item needs at least two options, got ${optionCount}`);
  }
  if (!Number.isInteger(position) || position < 0 || position >= optionCount) {
    throw new RangeError(`Option position ${position} is outside 0..${optionCount - 1}`);
  }
  const score = (100 * position) / (optionCount - 1);
  return reversed ? 100 - score : score;
}

/**
 * Score of one answer, or null for 'don't know', which carries no opinion and is left out of
 * every mean. Yes/no is a two-option scale with yes as the favourable end: yes 100, no 0.
 */
export function scoreAnswer(answer: ItemAnswer): number | null {
  switch (answer.type) {
    case 'scale':
      return scoreOption(answer.position, answer.optionCount, answer.reversed);
    case 'yes_no':
      return scoreOption(answer.yes ? 1 : 0, 2, answer.reversed);
    case 'dont_know':
      return null;
  }
}

/**
 * A respondent's score per dimension: the mean of their scored items in it. A dimension they
 * answered only with 'don't know' is present with null, so callers can tell it from unasked.
 */
export function dimensionScores(answers: readonly DimensionAnswer[]): Record<string, number | null> {
  const scoresByDimension = new Map<string, number[]>();
  for (const { dimension, answer } of answers) {
    const scores = scoresByDimension.get(dimension) ?? [];
    const score = scoreAnswer(answer);
    if (score !== null) scores.push(score);
    scoresByDimension.set(dimension, scores);
  }
  return Object.fromEntries([...scoresByDimension].map(([dimension, scores]) => [dimension, mean(scores)]));
}

/**
 * Relationship Health Index: the weighted mean of dimension scores, for a respondent or a group.
 * Dimensions without a score are left out and the remaining weights renormalised, so one
 * unanswered dimension neither drags the index to 0 nor blocks it. Null when nothing is left
 * with a positive weight.
 */
export function relationshipHealthIndex(
  scores: Readonly<Record<string, number | null>>,
  weights: DimensionWeights = {},
): number | null {
  let weightedSum = 0;
  let totalWeight = 0;
  for (const [dimension, score] of Object.entries(scores)) {
    if (score === null) continue;
    const weight = Object.hasOwn(weights, dimension) ? weights[dimension] : 1;
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`Weight of ${dimension} must be a non-negative number, got ${weight}`);
    }
    weightedSum += weight * score;
    totalWeight += weight;
  }
  return totalWeight > 0 ? weightedSum / totalWeight : null;
}
