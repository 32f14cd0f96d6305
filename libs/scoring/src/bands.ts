export const BANDS = ['strong', 'moderate', 'concern'] as const;
export type Band = (typeof BANDS)[number];

/** Lower bounds on the 0–100 scale; a score on a bound belongs to the band above it. */
export const BAND_LOWER_BOUNDS = { strong: 75, moderate: 50 } as const;

export function scoreBand(score: number | null): Band | null {
  if (score === null) return null;
  if (score >= BAND_LOWER_BOUNDS.strong) return 'strong';
  if (score >= BAND_LOWER_BOUNDS.moderate) return 'moderate';
  return 'concern';
}
