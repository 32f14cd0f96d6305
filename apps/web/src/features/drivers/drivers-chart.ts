import type { Schemas } from '../../api/client';
import type { ChartOption } from '../../charts/EChart';

export type KeyDriver = Schemas['KeyDriverDto'];
export type DriverClass = Schemas['DriverClass'];

/** Colour of each class, always written beside it too (table, axis label): never by colour alone. */
export const CLASS_COLOURS: Readonly<Record<DriverClass | 'none', string>> = { priority: '#d5281b', strength: '#007f3b', neither: '#4c6272', none: '#4c6272' };

/**
 * One driver's row as the page shows it. A figure the gate withholds is `withheld` and has no value;
 * a figure not withheld but null could not be estimated (too few for a CI, no variance, drivers
 * linearly dependent: docs/scoring.md), which the page says in words of its own.
 */
export interface DriverRow {
  key: string;
  label: string;
  correlationWithheld: boolean;
  importanceWithheld: boolean;
  mean: number | null;
  r: number | null;
  lower: number | null;
  upper: number | null;
  respondents: number | null;
  /** Share of the explained variance, 0–1. */
  share: number | null;
  rSquared: number | null;
  class: DriverClass | null;
}

export function driverRows(drivers: readonly KeyDriver[], label: (driver: KeyDriver) => string): DriverRow[] {
  return drivers.map((d) => {
    const correlationWithheld = d.correlation.suppressed;
    const importanceWithheld = d.importance.suppressed;
    return {
      key: d.key,
      label: label(d),
      correlationWithheld,
      importanceWithheld,
      mean: correlationWithheld ? null : d.correlation.mean,
      r: correlationWithheld ? null : d.correlation.r,
      lower: correlationWithheld ? null : (d.correlation.ci95?.lower ?? null),
      upper: correlationWithheld ? null : (d.correlation.ci95?.upper ?? null),
      respondents: correlationWithheld ? null : d.correlation.respondents,
      share: importanceWithheld ? null : d.importance.share,
      rSquared: importanceWithheld ? null : d.importance.rSquared,
      class: importanceWithheld ? null : d.importance.class,
    };
  });
}

/**
 * The thresholds of the classes for the dimensions shown: an equal share (1/p of the explained
 * variance, p the dimensions in the model) and the dimensions' average score, which the page writes
 * out in plain words. The average only when every dimension's mean is shown: an average over some
 * of them is not the one the classes used.
 */
export function classThresholds(dimensions: readonly DriverRow[]): { equalShare: number | null; averageScore: number | null } {
  const equalShare = dimensions.length > 0 ? 1 / dimensions.length : null;
  const means = dimensions.map((d) => d.mean);
  const averageScore = means.length > 0 && means.every((m) => m !== null) ? (means as number[]).reduce((s, m) => s + m, 0) / means.length : null;
  return { equalShare, averageScore };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * A dot chart of each driver's correlation with its 95% CI as a whisker (left), beside bars of its
 * share of the explained variance (right), one row per driver, top to bottom in the given order.
 * A withheld figure has no dot, whisker or bar (its data are null) and its row's label says so in
 * words (`withheldLabel`); a bar's colour is its class, written in the table too.
 */
export function driversOption(
  rows: readonly DriverRow[],
  words: { correlation: string; importance: string; withheld: string; equalShare?: number | null },
): ChartOption {
  // ECharts draws categories bottom-up: reversed so the first row is on top, as in the table.
  const ordered = [...rows].reverse();
  const labels = ordered.map((row) => (row.correlationWithheld || row.importanceWithheld ? `${row.label} (${words.withheld})` : row.label));
  const whiskers = ordered.flatMap((row, i) =>
    row.lower !== null && row.upper !== null
      ? [
          {
            type: 'line',
            xAxisIndex: 0,
            yAxisIndex: 0,
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#4c6272', width: 2 },
            data: [
              [round2(row.lower), labels[i]],
              [round2(row.upper), labels[i]],
            ],
          },
        ]
      : [],
  );
  return {
    grid: [
      { left: 8, width: '52%', top: 16, bottom: 56, containLabel: true },
      { right: 24, width: '30%', top: 16, bottom: 56, containLabel: true },
    ],
    tooltip: { trigger: 'item' },
    xAxis: [
      { type: 'value', gridIndex: 0, min: -1, max: 1, interval: 0.5, name: words.correlation, nameLocation: 'middle', nameGap: 32 },
      { type: 'value', gridIndex: 1, min: 0, max: 100, axisLabel: { formatter: '{value}%' }, name: words.importance, nameLocation: 'middle', nameGap: 32 },
    ],
    yAxis: [
      { type: 'category', gridIndex: 0, data: labels, axisLabel: { width: 220, overflow: 'break', lineHeight: 14 } },
      { type: 'category', gridIndex: 1, data: labels, axisLabel: { show: false } },
    ],
    series: [
      ...whiskers,
      {
        type: 'scatter',
        name: words.correlation,
        xAxisIndex: 0,
        yAxisIndex: 0,
        symbolSize: 12,
        itemStyle: { color: '#003087' },
        data: ordered.flatMap((row, i) => (row.r === null ? [] : [[round2(row.r), labels[i]]])),
        markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#768692', type: 'solid' }, data: [{ xAxis: 0 }] },
      },
      {
        type: 'bar',
        name: words.importance,
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: ordered.map((row) => (row.share === null ? null : { value: round1(row.share * 100), itemStyle: { color: CLASS_COLOURS[row.class ?? 'none'] } })),
        ...(words.equalShare
          ? { markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#212b32', type: 'dashed' }, data: [{ xAxis: round1(words.equalShare * 100) }] } }
          : {}),
      },
    ],
  };
}
