import type { ScoreView } from '@pp/scoring';

/**
 * How the board report writes a figure. A withheld one says why in the API's own words (the gate's
 * `reason`, e.g. "fewer than 5 respondents"), never a number or a blank that could be mistaken for
 * zero. Scores carry one decimal, as the dashboard shows them.
 */
export function scoreText(view: Pick<ScoreView, 'suppressed' | 'reason' | 'mean'> | null): string {
  if (!view) return 'not scored';
  if (view.suppressed || view.mean === null) return `Withheld: ${view.reason ?? 'withheld'}`;
  return view.mean.toFixed(1);
}

export function ciText(view: Pick<ScoreView, 'suppressed' | 'ci95'>): string {
  return view.suppressed || !view.ci95 ? '–' : `${view.ci95.lower.toFixed(1)}–${view.ci95.upper.toFixed(1)}`;
}

/** A change against the previous round: signed, one decimal; withheld or absent as words. */
export function changeText(view: Pick<ScoreView, 'suppressed' | 'comparison'>): string {
  if (view.suppressed) return '–';
  const comparison = view.comparison;
  if (!comparison) return 'no earlier round';
  if (comparison.suppressed || comparison.delta === null) return `Withheld: ${comparison.reason ?? 'withheld'}`;
  return `${signedText(comparison.delta)}${comparison.trend ? ` (${comparison.trend})` : ''}`;
}

/** A change in points: signed, one decimal (−2.0, +1.5, ±0.0). */
export function signedText(delta: number): string {
  return `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toFixed(1)}`;
}

/** A share 0–1 as a whole percentage. */
export function percentText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}
