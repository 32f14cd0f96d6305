import type { ChartOption } from '../../charts/EChart';

/** What the chart needs of a figure's standing: withheld ones are not drawn at all. */
export interface StandingPoint {
  measure: string;
  withheld: boolean;
  value: number | null;
  cutPoints: { lowerQuartile: number; median: number; upperQuartile: number } | null;
}

/** Per figure: the middle half of contributors (lower quartile to upper quartile, with the median), or null when withheld. */
export function middleHalves(figures: readonly StandingPoint[]): ([number, number, number, number, number] | null)[] {
  return figures.map((f) => (f.withheld || !f.cutPoints ? null : [f.cutPoints.lowerQuartile, f.cutPoints.lowerQuartile, f.cutPoints.median, f.cutPoints.upperQuartile, f.cutPoints.upperQuartile]));
}

/** Per figure: the footprint's own value, rounded to one decimal, at its row; null when its standing is withheld. */
export function ownPoints(figures: readonly StandingPoint[]): ([number, number] | null)[] {
  return figures.map((f, row) => (f.withheld || f.value === null ? null : [Math.round(f.value * 10) / 10, row]));
}

/**
 * A strip per figure on the 0–100 scale: a box over the middle half of the sharing footprints
 * (whiskers collapsed: the minimum and maximum are never shown) with the median, and the
 * footprint's own figure as a point. A withheld figure has a row with nothing on it.
 */
export function benchmarkOption(figures: readonly StandingPoint[], labels: { measure: (key: string) => string; middleHalf: string; yours: string }): ChartOption {
  return {
    color: ['#005eb8', '#d5281b'],
    grid: { left: 8, right: 24, top: 40, bottom: 24, containLabel: true },
    legend: { top: 0, data: [labels.middleHalf, labels.yours] },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', min: 0, max: 100, interval: 25 },
    yAxis: { type: 'category', data: figures.map((f) => labels.measure(f.measure)), inverse: true },
    series: [
      { name: labels.middleHalf, type: 'boxplot', data: middleHalves(figures).map((box) => box ?? '-'), itemStyle: { color: '#e8edee', borderColor: '#005eb8', borderWidth: 2 } },
      { name: labels.yours, type: 'scatter', data: ownPoints(figures).filter((p) => p !== null), symbolSize: 12, z: 3 },
    ],
  };
}
