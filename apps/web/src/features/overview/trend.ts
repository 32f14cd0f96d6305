import { SERIES_COLOURS } from '../../charts/bands';
import type { ChartOption } from '../../charts/EChart';

/** What the trend chart needs of a score: the gate's verdict decides whether a value is drawn at all. */
export interface TrendPoint {
  period: string;
  measure: string;
  suppressed: boolean;
  mean: number | null;
}

/** The measures in reading order: the RHI first, then the five dimensions. */
export const MEASURES = ['rhi', 'trust', 'shared_purpose', 'involvement', 'communication', 'delivery'] as const;

/**
 * One series per measure over `periods`: the mean, rounded to one decimal, or null where the gate
 * withholds it or the round has no such score, so a withheld figure leaves a gap in the line and
 * has no point, value or tooltip.
 */
export function trendSeries(periods: readonly string[], points: readonly TrendPoint[], measures: readonly string[] = MEASURES): { measure: string; values: (number | null)[] }[] {
  const byKey = new Map(points.map((p) => [`${p.measure}|${p.period}`, p]));
  return measures
    .map((measure) => ({
      measure,
      values: periods.map((period) => {
        const point = byKey.get(`${measure}|${period}`);
        return point && !point.suppressed && point.mean !== null ? Math.round(point.mean * 10) / 10 : null;
      }),
    }))
    .filter((series) => series.values.some((v) => v !== null) || measures.length === 1);
}

/** The ECharts option of the trend: lines on the 0–100 scale, the band bounds marked. */
export function trendOption(periods: readonly string[], series: ReturnType<typeof trendSeries>, label: (measure: string) => string): ChartOption {
  return {
    color: [...SERIES_COLOURS],
    grid: { left: 40, right: 16, top: 48, bottom: 32, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? value.toFixed(1) : '') },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100, interval: 25 },
    series: series.map((s, index) => ({
      name: label(s.measure),
      type: 'line',
      data: s.values,
      connectNulls: false,
      symbolSize: 7,
      lineStyle: { width: index === 0 ? 4 : 2 },
      // The band bounds (50 moderate, 75 strong) once, on the first series.
      ...(index === 0 ? { markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#768692' }, label: { show: false }, data: [{ yAxis: 50 }, { yAxis: 75 }] } } : {}),
    })),
  };
}
