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
const BANDS = ['strong', 'moderate', 'concern'] as const;
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

/** Rater (row) × rated (column) partner ratings, each cell in its band's colour with its score; withheld cells blank. */
export function heatmapChart(members: readonly ReportMember[], dyads: readonly ScoreView[], width: number, height: number): string {
  return ratingGrid(
    members.map((m) => ({ id: m.id, label: m.code })),
    dyads,
    (d) => [d.organisationId, d.partnerOrganisationId],
    width,
    height,
    { left: 70, bottom: 70, ratedGap: 56, raterGap: 58 },
  );
}

/** The same grid by sector: each sector pair's partner rating (rater sector × rated sector), withheld pairs blank. */
export function sectorHeatmapChart(sectors: readonly string[], sectorPairs: readonly ScoreView[], width: number, height: number): string {
  return ratingGrid(
    sectors.map((sector) => ({ id: sector, label: SECTOR_NAMES[sector] ?? sector })),
    sectorPairs,
    (p) => [p.sector, p.partnerSector],
    width,
    height,
    // Room for "Local government" written across and, turned 60°, below the grid.
    { left: 100, bottom: 86, ratedGap: 74, raterGap: 90 },
  );
}

/** Room for the axis labels: left of the grid (raters) and below it (rated, turned 60°), and where each axis's name sits. */
interface GridRoom {
  left: number;
  bottom: number;
  ratedGap: number;
  raterGap: number;
}

/** A rater × rated grid over `axis`; `ends` names a score's rater and rated on it. */
function ratingGrid(
  axis: readonly { id: string; label: string }[],
  scores: readonly ScoreView[],
  ends: (s: ScoreView) => [string | null, string | null],
  width: number,
  height: number,
  room: GridRoom,
): string {
  const index = new Map(axis.map((a, i) => [a.id, i]));
  const dense = axis.length > 24;
  const fontSize = dense ? 5 : 9;
  // Each cell carries its band's index, and a hidden piecewise visualMap colours it: the band the API gives, not one worked out again here.
  const data = scores.flatMap((s) => {
    const [rater, rated] = ends(s);
    const row = index.get(rater ?? '');
    const column = index.get(rated ?? '');
    if (s.suppressed || s.mean === null || !s.band || row === undefined || column === undefined) return [];
    return [[column, row, Math.round(s.mean * 10) / 10, BANDS.indexOf(s.band)]];
  });
  const labels = axis.map((a) => a.label);
  return svgOf(width, height, {
    grid: { left: room.left, right: 8, top: 8, bottom: room.bottom },
    xAxis: { type: 'category', data: labels, name: 'rated', nameLocation: 'middle', nameGap: room.ratedGap, axisLabel: { rotate: 60, fontSize, interval: 0 }, axisTick: { show: false } },
    yAxis: { type: 'category', data: labels, name: 'rater', nameLocation: 'middle', nameGap: room.raterGap, inverse: true, axisLabel: { fontSize, interval: 0 }, axisTick: { show: false } },
    visualMap: { type: 'piecewise', show: false, dimension: 3, pieces: BANDS.map((band, i) => ({ value: i, color: BAND_COLOURS[band] })) },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: !dense, fontSize: 8, color: '#ffffff', formatter: (p: { value: number[] }) => p.value[2]!.toFixed(0) },
        // A white border per cell doubles what the PDF draws; dense maps go without.
        itemStyle: dense ? {} : { borderColor: '#ffffff', borderWidth: 1 },
      },
    ],
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
