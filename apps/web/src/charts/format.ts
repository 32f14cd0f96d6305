/** Scores on the 0–100 scale, as every page writes them: one decimal. */
export function formatScore(value: number): string {
  return value.toFixed(1);
}

/** A change in points with its sign (+3.0, −4.5, 0.0), the minus a true minus sign for screen readers. */
export function formatChange(delta: number): string {
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return '0.0';
  return rounded > 0 ? `+${rounded.toFixed(1)}` : `−${Math.abs(rounded).toFixed(1)}`;
}

/** A share 0–1 as a whole percentage. */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
