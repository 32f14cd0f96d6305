import type { ScoreView } from '@pp/scoring';
import * as echarts from 'echarts';
import type { ReportMember, TrendSeries } from './board-report-data';

/**
 * The board report's charts, drawn on the server by ECharts' SSR renderer as SVG strings (no DOM,
 * no browser), for the PDF to embed. Every figure is the gate's: a withheld value is a gap in a
 * line, an empty heatmap cell, a thin grey tie. Colours are the web app's (NHS.UK palette).
 */

export const NHS_BLUE = '#005eb8';
export const NHS_DARK_BLUE = '#003087';
export const BAND_COLOURS: Readonly<Record<string, string>> = { strong: '#007f3b', moderate: '#005eb8', concern: '#d5281b' };
const BANDS = ['strong', 'moderate', 'concern'] as const;
export const SECTOR_COLOURS: Readonly<Record<string, string>> = { nhs: '#003087', local_government: '#7c2855', voluntary: '#4c6272', other: '#330072' };
export const SECTOR_NAMES: Readonly<Record<string, string>> = { nhs: 'NHS', local_government: 'Local government', voluntary: 'Voluntary sector', other: 'Other' };
const SERIES_COLOURS = ['#003087', '#007f3b', '#d5281b', '#330072', '#7c2855', '#4c6272', '#005eb8', '#ae2573'];
const WITHHELD_GREY = '#aeb7bd';
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
    grid: { left: 40, right: 130, top: 16, bottom: 28 },
    legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { fontSize: 10 } },
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

/** Rater (row) × rated (column) partner ratings, each cell in its band's colour with its score; withheld cells blank. */
export function heatmapChart(members: readonly ReportMember[], dyads: readonly ScoreView[], width: number, height: number): string {
  const index = new Map(members.map((m, i) => [m.id, i]));
  const dense = members.length > 16;
  // Each cell carries its band's index, and a hidden piecewise visualMap colours it: the band the API gives, not one worked out again here.
  const data = dyads
    .filter((d) => !d.suppressed && d.mean !== null && d.band && index.has(d.organisationId ?? '') && index.has(d.partnerOrganisationId ?? ''))
    .map((d) => [index.get(d.partnerOrganisationId!)!, index.get(d.organisationId!)!, Math.round(d.mean! * 10) / 10, BANDS.indexOf(d.band!)]);
  const codes = members.map((m) => m.code);
  return svgOf(width, height, {
    grid: { left: 70, right: 8, top: 8, bottom: 70 },
    xAxis: { type: 'category', data: codes, name: 'rated', nameLocation: 'middle', nameGap: 56, axisLabel: { rotate: 60, fontSize: dense ? 5 : 9, interval: 0 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: codes, name: 'rater', nameLocation: 'middle', nameGap: 58, inverse: true, axisLabel: { fontSize: dense ? 5 : 9, interval: 0 }, splitArea: { show: true } },
    visualMap: { type: 'piecewise', show: false, dimension: 3, pieces: BANDS.map((band, i) => ({ value: i, color: BAND_COLOURS[band] })) },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: !dense, fontSize: 8, color: '#ffffff', formatter: (p: { value: number[] }) => p.value[2]!.toFixed(0) },
        itemStyle: { borderColor: '#ffffff', borderWidth: dense ? 0.5 : 1 },
      },
    ],
  });
}

/**
 * Members on a circle in code order (deterministic: the same round draws the same map), coloured
 * by sector; each rated tie an arrow, red when in concern, thin grey when withheld.
 */
export function networkChart(members: readonly ReportMember[], dyads: readonly ScoreView[], width: number, height: number): string {
  const known = new Set(members.map((m) => m.id));
  const dense = members.length > 16;
  const links = dyads
    .filter((d) => known.has(d.organisationId ?? '') && known.has(d.partnerOrganisationId ?? ''))
    .map((d) => {
      const withheld = d.suppressed || d.mean === null;
      const concern = !withheld && d.band === 'concern';
      return {
        source: d.organisationId!,
        target: d.partnerOrganisationId!,
        lineStyle: { color: concern ? BAND_COLOURS.concern : withheld ? WITHHELD_GREY : '#768692', width: withheld ? 0.5 : concern ? 2 : 1, type: withheld ? 'dashed' : 'solid', opacity: dense && !concern ? 0.35 : 0.9 },
      };
    });
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
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: dense ? 3 : 6,
        label: { show: true, position: 'right', fontSize: dense ? 5 : 9, color: '#212b32' },
        data: members.map((m) => ({ id: m.id, name: m.code, itemStyle: { color: SECTOR_COLOURS[m.sector] ?? SECTOR_COLOURS.other } })),
        links,
      },
    ],
  });
}
