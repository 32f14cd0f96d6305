/** A membership period in ISO dates, both ends inclusive; `to: null` runs on with no end. */
export interface Period {
  from: string;
  to: string | null;
}

/** ISO dates compare correctly as strings, so no Date objects (and no time zones) are involved. */
export function periodsOverlap(a: Period, b: Period): boolean {
  return (b.to === null || a.from <= b.to) && (a.to === null || b.from <= a.to);
}

export function firstOverlap<T extends Period>(period: Period, others: readonly T[]): T | undefined {
  return others.find((other) => periodsOverlap(period, other));
}

export function isMemberAt(period: Period, date: string): boolean {
  return period.from <= date && (period.to === null || date <= period.to);
}

export function describePeriod(period: Period): string {
  return period.to === null ? `from ${period.from}` : `from ${period.from} to ${period.to}`;
}
