import { SERIES_COLOURS } from '../../charts/bands';

/** One line of a trend chart: a value per period, null where the gate withholds it (a gap, never a point). */
export interface TrendLine {
  name: string;
  values: (number | null)[];
}

export interface TrendScore {
  period: string;
  subject: string;
  suppressed: boolean;
  mean: number | null;
}

/** The value of `subject` in each of `periods` (oldest first); null when withheld or not scored. */
export function seriesOf(items: readonly TrendScore[], subject: string, periods: readonly string[]): (number | null)[] {
  const byPeriod = new Map(items.filter((s) => s.subject === subject).map((s) => [s.period, s]));
  return periods.map((period) => {
    const score = byPeriod.get(period);
    return score && !score.suppressed && score.mean !== null ? score.mean : null;
  });
}

/**
 * A small trend chart over rounds on the 0–100 scale, with the band boundaries (50, 75) drawn as
 * lines. Only shown values are points with a tooltip; a withheld round is a gap in its line.
 */
export function trendOption(periods: readonly string[], lines: readonly TrendLine[], format: (value: number) => string): Record<string, unknown> {
  return {
    grid: { left: 40, right: 16, top: 40, bottom: 32 },
    legend: { top: 0, data: lines.map((line) => line.name) },
    tooltip: {
      trigger: 'item',
      formatter: (params: { seriesName: string; name: string; value: number | null }) => (params.value === null ? '' : `${params.seriesName}, ${params.name}: ${format(params.value)}`),
    },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: lines.map((line, index) => ({
      type: 'line',
      name: line.name,
      data: line.values,
      connectNulls: false,
      symbolSize: 8,
      color: SERIES_COLOURS[index % SERIES_COLOURS.length],
      lineStyle: { width: 3, type: index === 0 ? 'solid' : 'dashed' },
      ...(index === 0 ? { markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#aeb7bd', type: 'dotted' }, data: [{ yAxis: 50 }, { yAxis: 75 }] } } : {}),
    })),
  };
}
