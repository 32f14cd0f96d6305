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
