import type { ScoreView } from '@pp/scoring';
// The minified build of the same ECharts (see echarts-min.d.ts): the worker holds its source and
// functions while it renders, and the full dist/echarts.js costs about 7 MB more of that.
import * as echarts from 'echarts/dist/echarts.min.js';
import type { ReportMember, TrendSeries } from './board-report-data';

/**
 * The board report's charts, drawn on the server by ECharts' SSR renderer as SVG strings (no DOM,
 * no browser), for the PDF to embed. Every figure is the gate's: a withheld value is a gap in a
 * line, an empty heatmap cell, a thin grey tie. Colours are the web app's (NHS.UK palette).
 */

export const NHS_BLUE = '#005eb8';
export const NHS_DARK_BLUE = '#003087';
export const BAND_COLOURS: Readonly<Record<string, string>> = { strong: '#007f3b', moderate: '#005eb8', concern: '#d5281b' };
export const SECTOR_COLOURS: Readonly<Record<string, string>> = { nhs: '#003087', local_government: '#7c2855', voluntary: '#4c6272', other: '#330072' };
export const SECTOR_NAMES: Readonly<Record<string, string>> = { nhs: 'NHS', local_government: 'Local government', voluntary: 'Voluntary sector', other: 'Other' };
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

/** One line per pair of members: the worse-off of its two directions decides how it is drawn. */
export interface NetworkTie {
  a: string;
  b: string;
  concern: boolean;
  /** Neither direction is shown by the gate. */
  withheld: boolean;
}

/**
 * The pairs of members with a rating either way. On a printed page two arrows per pair at 60
 * members (3,540 of them) are a grey mass and a slow page to draw; a pair is one line, red when
 * either direction is in concern, and a pair whose ratings are all withheld is left out (the
 * heatmap shows which those are).
 */
export function networkTies(members: readonly ReportMember[], dyads: readonly ScoreView[]): NetworkTie[] {
  const known = new Set(members.map((m) => m.id));
  const pairs = new Map<string, NetworkTie>();
  for (const d of dyads) {
    const from = d.organisationId ?? '';
    const to = d.partnerOrganisationId ?? '';
    if (!known.has(from) || !known.has(to)) continue;
    const [a, b] = from < to ? [from, to] : [to, from];
    const tie = pairs.get(`${a}|${b}`) ?? { a, b, concern: false, withheld: true };
    const shown = !d.suppressed && d.mean !== null;
    tie.withheld &&= !shown;
    tie.concern ||= shown && d.band === 'concern';
    pairs.set(`${a}|${b}`, tie);
  }
  return [...pairs.values()].filter((t) => !t.withheld).sort((x, y) => Number(x.concern) - Number(y.concern) || (x.a + x.b < y.a + y.b ? -1 : 1));
}

/**
 * Members on a circle in code order (deterministic: the same round draws the same map), coloured
 * by sector; ties of concern red, drawn last so that they are on top.
 */
export function networkChart(members: readonly ReportMember[], dyads: readonly ScoreView[], width: number, height: number): string {
  const dense = members.length > 24;
  const links = networkTies(members, dyads).map((t) => ({
    source: t.a,
    target: t.b,
    lineStyle: { color: t.concern ? BAND_COLOURS.concern : '#aeb7bd', width: t.concern ? 1.6 : 0.6, opacity: t.concern ? 1 : dense ? 0.5 : 0.8 },
  }));
  return svgOf(width, height, {
    series: [
      {
        type: 'graph',
        layout: 'circular',
        circular: { rotateLabel: dense },
        left: 60,
        right: 60,
        top: 30,
        bottom: 30,
        symbolSize: dense ? 7 : 14,
        label: { show: true, position: 'right', fontSize: dense ? 5 : 9, color: '#212b32' },
        data: members.map((m) => ({ id: m.id, name: m.code, itemStyle: { color: SECTOR_COLOURS[m.sector] ?? SECTOR_COLOURS.other } })),
        links,
      },
    ],
  });
}
