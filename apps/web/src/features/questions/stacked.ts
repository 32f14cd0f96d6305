import { SHARE_COLOURS } from '../../charts/bands';
import type { ChartOption } from '../../charts/EChart';

/** A bar's figures: the favourable / neutral / unfavourable shares (0–1), or withheld by the gate. */
export interface ShareRow {
  label: string;
  suppressed: boolean;
  favourable: number | null;
  neutral: number | null;
  unfavourable: number | null;
}

/** A question as the overall chart needs it: its key, type and words. */
export interface ChartQuestion {
  key: string;
  type: string;
  text: string;
}

/** A distribution of everyone's answers to a question, through the gate, as the API gives it. */
export interface OverallDistribution {
  questionKey: string;
  groupKey: string;
  suppressed: boolean;
  favourableShare: number | null;
  neutralShare: number | null;
  unfavourableShare: number | null;
}

/** Questions with a favourable end (single choice has none; free text is read, not charted). */
const ORDERED_TYPES: readonly string[] = ['scale', 'yes_no', 'partner_rating'];

/**
 * The overall chart's rows, in the instrument's order: every ordered question someone answered,
 * those the gate withholds included (as withheld rows, said in words), so a question withheld
 * overall is never silently left off. A question nobody answered has no distribution and no row.
 */
export function overallShareRows(questions: readonly ChartQuestion[], distributions: readonly OverallDistribution[]): (ShareRow & { key: string })[] {
  const overall = new Map(distributions.filter((d) => d.groupKey === 'all').map((d) => [d.questionKey, d]));
  return questions.flatMap((q): (ShareRow & { key: string })[] => {
    const d = overall.get(q.key);
    if (!d || !ORDERED_TYPES.includes(q.type)) return [];
    if (d.suppressed) return [{ key: q.key, label: q.text, suppressed: true, favourable: null, neutral: null, unfavourable: null }];
    if (d.favourableShare === null) return [];
    return [{ key: q.key, label: q.text, suppressed: false, favourable: d.favourableShare, neutral: d.neutralShare, unfavourable: d.unfavourableShare }];
  });
}

/** Percentages of one row, one decimal, that a withheld row never has. */
export function sharePercents(row: ShareRow): { favourable: number; neutral: number; unfavourable: number } | null {
  if (row.suppressed || row.favourable === null || row.neutral === null || row.unfavourable === null) return null;
  const pct = (share: number) => Math.round(share * 1000) / 10;
  return { favourable: pct(row.favourable), neutral: pct(row.neutral), unfavourable: pct(row.unfavourable) };
}

/**
 * Horizontal stacked bars, one per row (top to bottom in the given order), favourable on the left.
 * A withheld row keeps its place and label (with `withheldLabel` appended) but has no bar, value or
 * tooltip: its data are null.
 */
export function stackedOption(rows: readonly ShareRow[], names: { favourable: string; neutral: string; unfavourable: string }, withheldLabel: string): ChartOption {
  const percents = rows.map(sharePercents);
  const labels = rows.map((row, i) => (percents[i] ? row.label : `${row.label} (${withheldLabel})`));
  const series = (['favourable', 'neutral', 'unfavourable'] as const).map((key) => ({
    name: names[key],
    type: 'bar',
    stack: 'shares',
    itemStyle: { color: SHARE_COLOURS[key], borderColor: '#ffffff', borderWidth: 1 },
    data: percents.map((p) => (p ? p[key] : null)).reverse(),
  }));
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 24, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'item', valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value.toFixed(1)}%` : '') },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    // ECharts draws categories bottom-up: reversed so the first row is on top, as in the table.
    yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: { width: 260, overflow: 'break', lineHeight: 14 } },
    series,
  };
}
