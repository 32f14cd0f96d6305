/**
 * A round's period: a calendar quarter written `YYYY-Qn` (2026-Q3 is July to September 2026).
 * Calendar quarters, not NHS financial ones, so the label reads the same to every partner.
 */
export interface Period {
  label: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** First instant of the quarter, UTC. */
  start: Date;
  /** First instant of the next quarter, UTC. */
  end: Date;
}

const PERIOD = /^(\d{4})-Q([1-4])$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function period(year: number, quarter: 1 | 2 | 3 | 4): Period {
  return {
    label: `${year}-Q${quarter}`,
    year,
    quarter,
    start: new Date(Date.UTC(year, (quarter - 1) * 3, 1)),
    end: new Date(Date.UTC(year, quarter * 3, 1)),
  };
}

/** The period a label names, or undefined when it is not `YYYY-Q1`…`YYYY-Q4` within 2000–2100. */
export function parsePeriod(label: string): Period | undefined {
  const match = PERIOD.exec(label);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return period(year, Number(match[2]) as 1 | 2 | 3 | 4);
}

/** The quarter an instant falls in (UTC). */
export function periodOf(at: Date): Period {
  return period(at.getUTCFullYear(), (Math.floor(at.getUTCMonth() / 3) + 1) as 1 | 2 | 3 | 4);
}

export const PERIOD_FORMAT = 'a quarter written YYYY-Q1 to YYYY-Q4 (e.g. 2026-Q3), year 2000 to 2100';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A quarterly schedule's round for the quarter containing `now`: it opens on `openDay` of the
 * quarter's first month (00:00 UTC) and stays open `durationDays`.
 */
export function scheduledWindow(schedule: { openDay: number; durationDays: number }, now: Date): { period: string; opensAt: Date; closesAt: Date } {
  const period = periodOf(now);
  const opensAt = new Date(period.start.getTime() + (schedule.openDay - 1) * DAY_MS);
  return { period: period.label, opensAt, closesAt: new Date(opensAt.getTime() + schedule.durationDays * DAY_MS) };
}
