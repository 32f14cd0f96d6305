export const BANDS = ['strong', 'moderate', 'concern'] as const;
export type Band = (typeof BANDS)[number];

/** Lower bounds on the 0–100 scale; a score on a bound belongs to the band above it. */
export const BAND_LOWER_BOUNDS = { strong: 75, moderate: 50 } as const;

/**
 * How far a computed score may sit from the exact value of the rules and still count as it. Item
 * scores in thirds and sevenths have no exact binary form, so a mean that is exactly 50 by the rules
 * comes out of double-precision sums as 49.99999999999999 or 50.00000000000001 (errors ~1e-13 even
 * over 250,000 respondents), while two different exact means of a round are far more than 1e-9
 * apart. Every comparison of a score with a bound or threshold goes through atLeast(), so a value
 * exactly on the bound is decided as the rules say, whichever side the rounding fell.
 */
export const SCORE_TOLERANCE = 1e-9;

/** value ≥ bound, by the exact values the rules define (see SCORE_TOLERANCE). */
export function atLeast(value: number, bound: number): boolean {
  return value >= bound - SCORE_TOLERANCE;
}

export function scoreBand(score: number | null): Band | null {
  if (score === null) return null;
  if (atLeast(score, BAND_LOWER_BOUNDS.strong)) return 'strong';
  if (atLeast(score, BAND_LOWER_BOUNDS.moderate)) return 'moderate';
  return 'concern';
}
