import type { JsonValue } from '../read-models/columns';

/**
 * The round's alerts and response rates as the board report tallies them from the BI read models'
 * rows, page by page. Every row counts towards the totals; the rows kept for the report's tables are
 * all of them (`keep` null) or, for a round above the detail limit, the `keep` that matter most, so
 * a national round's 17,715 alerts or 1,260 organisations are read without being held.
 */
type Row = Record<string, JsonValue>;

export interface AlertTally {
  total: number;
  byStatus: Record<string, number>;
  /** Every alert in raised order, or the `keep` most severe (critical first, then in raised order). */
  rows: Row[];
}

export const NO_ALERTS: AlertTally = { total: 0, byStatus: {}, rows: [] };

const SEVERITY_ORDER = ['critical', 'warning', 'info'];
const severityRank = (row: Row) => {
  const i = SEVERITY_ORDER.indexOf(String(row.severity));
  return i < 0 ? SEVERITY_ORDER.length : i;
};

/** `rows` (the next page, in raised order) added to `earlier`. */
export function tallyAlerts(rows: readonly Row[], keep: number | null, earlier: AlertTally = NO_ALERTS): AlertTally {
  const byStatus = { ...earlier.byStatus };
  for (const row of rows) byStatus[String(row.status)] = (byStatus[String(row.status)] ?? 0) + 1;
  const all = [...earlier.rows, ...rows];
  // Array.prototype.sort is stable: within a severity the rows stay in raised order.
  return { total: earlier.total + rows.length, byStatus, rows: keep === null ? all : all.sort((a, b) => severityRank(a) - severityRank(b)).slice(0, keep) };
}

export interface SectorResponse {
  sector: string;
  organisations: number;
  respondents: number;
  expected: number;
}

export interface ResponseTally {
  organisations: number;
  respondents: number;
  expected: number;
  /** The sums by sector, in the order sectors are first met. */
  bySector: SectorResponse[];
  /** Every organisation in code order, or the `keep` with the lowest response rates (none expected last, equal rates in code order). */
  rows: Row[];
}

export const NO_RESPONSES: ResponseTally = { organisations: 0, respondents: 0, expected: 0, bySector: [], rows: [] };

const rateOf = (row: Row) => (row.response_rate === null || row.response_rate === undefined ? Number.POSITIVE_INFINITY : Number(row.response_rate));
const byRate = (a: Row, b: Row) => {
  const [x, y] = [rateOf(a), rateOf(b)];
  return x === y ? 0 : x < y ? -1 : 1;
};

/** `rows` (the next page, in organisation code order) added to `earlier`. */
export function tallyResponses(rows: readonly Row[], keep: number | null, earlier: ResponseTally = NO_RESPONSES): ResponseTally {
  let { organisations, respondents, expected } = earlier;
  const bySector = earlier.bySector.map((s) => ({ ...s }));
  for (const row of rows) {
    const r = Number(row.respondents ?? 0);
    const e = Number(row.expected_respondents ?? 0);
    organisations++;
    respondents += r;
    expected += e;
    const sector = String(row.sector ?? 'other');
    let sum = bySector.find((s) => s.sector === sector);
    if (!sum) bySector.push((sum = { sector, organisations: 0, respondents: 0, expected: 0 }));
    sum.organisations++;
    sum.respondents += r;
    sum.expected += e;
  }
  const all = [...earlier.rows, ...rows];
  return { organisations, respondents, expected, bySector, rows: keep === null ? all : all.sort(byRate).slice(0, keep) };
}
