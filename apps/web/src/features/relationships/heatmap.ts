import { BAND_COLOURS, type Band } from '../../charts/bands';
import { sectorRank } from './sectors';

/**
 * The dyad heatmap as pure functions: which member sits on which row and column (grouped by
 * sector), what each cell holds, and the ECharts option that draws it. The figures come from the
 * API as they are (its band, its gate); nothing here scores or suppresses anything.
 */
export interface HeatmapMember {
  id: string;
  name: string;
  sector: string;
}

export interface DyadScore {
  organisationId: string | null;
  partnerOrganisationId: string | null;
  suppressed: boolean;
  mean: number | null;
  band: string | null;
  respondents: number | null;
}

/** `scored`: a value and band; `withheld`: the gate withholds it; `unrated`: no rating of this tie; `self`: a member and itself. */
export type CellState = 'scored' | 'withheld' | 'unrated' | 'self';

export interface HeatmapCell {
  rater: HeatmapMember;
  rated: HeatmapMember;
  state: CellState;
  mean: number | null;
  band: Band | null;
  respondents: number | null;
}

export interface SectorGroup {
  sector: string;
  /** Index of the group's first member in `members`. */
  first: number;
  count: number;
}

export interface HeatmapModel {
  /** Rows (raters) and columns (rated) alike: by sector, then name. */
  members: HeatmapMember[];
  groups: SectorGroup[];
  /** cells[row][column]: row = rater, column = rated. */
  cells: HeatmapCell[][];
}


/** A band the web app draws (the API's `band` column is free text to the type system). */
export function isBand(band: string | null): band is Band {
  return band === 'strong' || band === 'moderate' || band === 'concern';
}

/** Members ordered by sector (NHS, local government, voluntary, other), then by name. */
export function bySector<M extends HeatmapMember>(members: readonly M[]): M[] {
  return [...members].sort((a, b) => sectorRank(a.sector) - sectorRank(b.sector) || a.sector.localeCompare(b.sector) || a.name.localeCompare(b.name));
}

export function heatmapModel(members: readonly HeatmapMember[], dyads: readonly DyadScore[]): HeatmapModel {
  const ordered = bySector(members);
  const scores = new Map<string, DyadScore>();
  for (const dyad of dyads) if (dyad.organisationId && dyad.partnerOrganisationId) scores.set(`${dyad.organisationId}>${dyad.partnerOrganisationId}`, dyad);
  const cells = ordered.map((rater) =>
    ordered.map((rated): HeatmapCell => {
      if (rater.id === rated.id) return { rater, rated, state: 'self', mean: null, band: null, respondents: null };
      const score = scores.get(`${rater.id}>${rated.id}`);
      if (!score) return { rater, rated, state: 'unrated', mean: null, band: null, respondents: null };
      // A withheld figure keeps nothing: not its value, band or count, whatever a row may carry.
      if (score.suppressed || score.mean === null || !isBand(score.band)) return { rater, rated, state: 'withheld', mean: null, band: null, respondents: null };
      return { rater, rated, state: 'scored', mean: score.mean, band: score.band, respondents: score.respondents };
    }),
  );
  const groups: SectorGroup[] = [];
  ordered.forEach((member, index) => {
    const last = groups[groups.length - 1];
    if (last && last.sector === member.sector) last.count++;
    else groups.push({ sector: member.sector, first: index, count: 1 });
  });
  return { members: ordered, groups, cells };
}

/** Where a member sits on an axis: one empty category before each sector group holds the sector's name, so groups stand apart. */
export function axisPositions(model: HeatmapModel): number[] {
  const positions: number[] = [];
  let position = 0;
  for (const group of model.groups) {
    position++; // the group's heading
    for (let i = 0; i < group.count; i++) positions.push(position++);
  }
  return positions;
}

const BAND_INDEX: Record<Band, number> = { concern: 0, moderate: 1, strong: 2 };

export interface HeatmapLabels {
  sector: (sector: string) => string;
  /** The tooltip of a scored cell (only scored cells have one). */
  tooltip: (cell: HeatmapCell) => string;
  raterAxis: string;
  ratedAxis: string;
}

/** Rows and columns of a cell, in members order, as kept by the keyboard focus. */
export interface CellPosition {
  row: number;
  column: number;
}

/** Side of a cell in pixels: large for a handful of members, small enough for 60 to fit a page. */
export function cellSize(members: number): number {
  return Math.max(9, Math.min(40, Math.floor(720 / Math.max(1, members + 4))));
}

export const AXIS_LABEL_WIDTH = 190;
/** The grid's right and bottom margins, in pixels. */
const GRID_END = 16;

/** Height of the chart for `model`: one cell per row and heading, plus room for the column labels. */
export function heatmapHeight(model: HeatmapModel): number {
  return (model.members.length + model.groups.length) * cellSize(model.members.length) + AXIS_LABEL_WIDTH + 40;
}

/**
 * Where the keyboard's outline sits over the chart (CSS, against the chart's box): the grid starts
 * AXIS_LABEL_WIDTH in from the left and top and ends GRID_END from the right and bottom, and each
 * category (member or sector heading) takes an equal band of it, as ECharts' category axes lay it
 * out. An element over the canvas, so moving the keyboard redraws nothing of the chart.
 */
export function focusBox(model: HeatmapModel, focus: CellPosition): { left: string; top: string; width: string; height: string } {
  const positions = axisPositions(model);
  const bands = model.members.length + model.groups.length;
  const column = positions[focus.column] ?? 0;
  const row = positions[focus.row] ?? 0;
  const gridWidth = `(100% - ${AXIS_LABEL_WIDTH + GRID_END}px)`;
  const cellHeight = (heatmapHeight(model) - AXIS_LABEL_WIDTH - GRID_END) / bands;
  return {
    left: `calc(${AXIS_LABEL_WIDTH}px + ${gridWidth} * ${column / bands})`,
    width: `calc(${gridWidth} / ${bands})`,
    top: `${AXIS_LABEL_WIDTH + cellHeight * row}px`,
    height: `${cellHeight}px`,
  };
}

/** The scored cells, row by row: the heatmap's data items in order (item i is cell i), so a click or tooltip finds its cell by index. */
export function scoredCells(model: HeatmapModel): (HeatmapCell & CellPosition & { band: Band })[] {
  const scored: (HeatmapCell & CellPosition & { band: Band })[] = [];
  model.cells.forEach((cells, row) =>
    cells.forEach((cell, column) => {
      if (cell.state === 'scored' && cell.band) scored.push({ ...cell, band: cell.band, row, column });
    }),
  );
  return scored;
}

/**
 * The ECharts option. Only scored cells are data: a withheld or unrated tie has no rectangle, no
 * colour and no tooltip. The band (from the API) picks the colour through a piecewise visual map
 * over a band index, so no value is ever coloured by a threshold of the web app's own. The
 * keyboard's position is not part of it (see focusBox): the option, and so the drawing, stays the
 * same while the keyboard moves.
 */
export function heatmapOption(model: HeatmapModel, labels: HeatmapLabels): Record<string, unknown> {
  const positions = axisPositions(model);
  const categories: string[] = [];
  const headings = new Set<number>();
  model.groups.forEach((group) => {
    headings.add(categories.length);
    categories.push(labels.sector(group.sector));
    for (let i = 0; i < group.count; i++) categories.push(model.members[group.first + i]!.name);
  });
  const scored = scoredCells(model);
  const size = cellSize(model.members.length);
  const axisLabel = (rotate: number) => ({
    interval: 0,
    rotate,
    width: AXIS_LABEL_WIDTH - 20,
    overflow: 'truncate',
    fontSize: size < 14 ? 9 : 12,
    color: '#212b32',
    formatter: (value: string, index: number) => (headings.has(index) ? `{sector|${value}}` : value),
    rich: { sector: { fontWeight: 'bold', fontSize: 12, color: '#212b32' } },
  });
  return {
    animation: false,
    // A white grid, so a cell with no colour (withheld, not rated) reads as empty rather than as the page.
    // The grid's margins are fixed (focusBox relies on them) and the labels are truncated to fit them:
    // outerBoundsMode 'none' spares ECharts a first pass that lays out all 120 labels to see whether they overflow.
    grid: { left: AXIS_LABEL_WIDTH, top: AXIS_LABEL_WIDTH, right: GRID_END, bottom: GRID_END, containLabel: false, outerBoundsMode: 'none', show: true, backgroundColor: '#ffffff', borderColor: '#d8dde0' },
    tooltip: {
      trigger: 'item',
      // Only scored cells are data, so only they have a tooltip.
      formatter: (params: { dataIndex: number }) => {
        const cell = scored[params.dataIndex];
        return cell ? labels.tooltip(cell) : '';
      },
    },
    xAxis: { type: 'category', data: categories, position: 'top', name: labels.ratedAxis, nameLocation: 'middle', nameGap: AXIS_LABEL_WIDTH - 12, axisLabel: axisLabel(90), axisTick: { show: false }, splitArea: { show: false } },
    yAxis: { type: 'category', data: categories, inverse: true, name: labels.raterAxis, nameLocation: 'middle', nameGap: AXIS_LABEL_WIDTH - 12, axisLabel: axisLabel(0), axisTick: { show: false } },
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 2,
      seriesIndex: 0,
      pieces: [
        { value: BAND_INDEX.concern, color: BAND_COLOURS.concern.chart },
        { value: BAND_INDEX.moderate, color: BAND_COLOURS.moderate.chart },
        { value: BAND_INDEX.strong, color: BAND_COLOURS.strong.chart },
      ],
    },
    series: [
      {
        type: 'heatmap',
        // Plain [column, row, band] arrays, not objects: ECharts then builds no model per item, which for
        // 3,540 cells is most of its work. The cell behind item i is scored[i] (scoredCells).
        data: scored.map((cell) => [positions[cell.column]!, positions[cell.row]!, BAND_INDEX[cell.band]]),
        itemStyle: { borderColor: '#ffffff', borderWidth: size < 14 ? 1 : 2 },
        emphasis: { itemStyle: { borderColor: '#212b32', borderWidth: 2 } },
        // Every cell in one pass: the chart is drawn whole, not in slices over several frames.
        progressive: 0,
      },
    ],
  };
}

/** The cell the keyboard moves to from `at` (arrow keys, Home/End, Page Up/Down jump a sector group), kept inside the grid. */
export function moveFocus(model: HeatmapModel, at: CellPosition, key: string): CellPosition | null {
  const last = model.members.length - 1;
  const clamp = (n: number) => Math.max(0, Math.min(last, n));
  switch (key) {
    case 'ArrowRight':
      return { ...at, column: clamp(at.column + 1) };
    case 'ArrowLeft':
      return { ...at, column: clamp(at.column - 1) };
    case 'ArrowDown':
      return { ...at, row: clamp(at.row + 1) };
    case 'ArrowUp':
      return { ...at, row: clamp(at.row - 1) };
    case 'Home':
      return { ...at, column: 0 };
    case 'End':
      return { ...at, column: last };
    case 'PageDown': {
      const next = model.groups.find((g) => g.first > at.row);
      return { ...at, row: next ? next.first : last };
    }
    case 'PageUp': {
      const previous = [...model.groups].reverse().find((g) => g.first + g.count <= at.row);
      return { ...at, row: previous ? previous.first : 0 };
    }
    default:
      return null;
  }
}
