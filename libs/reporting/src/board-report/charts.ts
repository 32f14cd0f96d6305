// The minified build of the same ECharts (see echarts-min.d.ts): the worker holds its source and
// functions while it renders, and the full dist/echarts.js costs about 7 MB more of that.
import * as echarts from 'echarts/dist/echarts.min.js';
import type { TrendSeries } from './board-report-data';

/**
 * The board report's trend chart, drawn on the server by ECharts' SSR renderer as an SVG string (no
 * DOM, no browser) for the PDF to embed. Every figure is the gate's: a withheld value is a gap in a
 * line. The heatmaps and the network map, thousands of shapes, are drawn with pdfkit's own
 * (rating-grid.ts, network-map.ts).
 */
const SERIES_COLOURS = ['#003087', '#007f3b', '#d5281b', '#330072', '#7c2855', '#4c6272', '#005eb8', '#ae2573'];
const TEXT = { fontFamily: 'sans-serif', color: '#212b32' };

function svgOf(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: TEXT, ...option });
    return chart.renderToSVGString();
  } finally {
    // Without dispose() the SSR instance keeps zrender's loop alive and the worker's heap grows.
    chart.dispose();
  }
}

/** The RHI and each dimension over the rounds: one line each, gaps where the gate withholds. */
export function trendChart(periods: readonly string[], series: readonly TrendSeries[], width: number, height: number): string {
  return svgOf(width, height, {
    grid: { left: 36, right: 150, top: 12, bottom: 26 },
    legend: { orient: 'vertical', left: width - 140, top: 'middle', itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 10 } },
    xAxis: { type: 'category', data: [...periods], axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', min: 0, max: 100, interval: 25, axisLabel: { fontSize: 10 } },
    series: series.map((s, i) => ({
      type: 'line',
      name: s.label,
      data: [...s.values],
      connectNulls: false,
      symbolSize: 5,
      lineStyle: { width: s.measure === 'rhi' ? 3 : 1.5 },
      color: SERIES_COLOURS[i % SERIES_COLOURS.length],
    })),
  });
}
