import type { ScoreView } from '@pp/scoring';
import { BAND_COLOURS, DENSE_AFTER } from './report-style';

/**
 * The board report's rating grids (the dyad heatmap, and the heatmap by sector pair): rater rows ×
 * rated columns, each shown rating a cell in its band's colour. Laid out here as plain rectangles
 * and drawn with pdfkit's own shapes (render-board-report.ts), not as an ECharts SVG: a 60-member
 * footprint's 3,540 cells made a 574 kB SVG that svg-to-pdfkit turned into about 50 MB of short-lived
 * objects, the worker's peak (docs/operations.md, "Worker memory"); rectangles cost it nothing.
 * Every figure is the gate's: a withheld or missing rating is no cell at all, never a colour.
 */

/** Room around the cells: for the rater labels and the axis's name on the left, the rated labels (turned 60°) and theirs below. */
export interface GridRoom {
  left: number;
  bottom: number;
}

export interface GridCell {
  x: number;
  y: number;
  width: number;
  height: number;
  colour: string;
  /** The score written in the cell (rounded), or null on a dense grid. */
  label: string | null;
}

export interface GridLabel {
  text: string;
  /** Rater labels: the right end of the text at (x, y), centred on its row; rated labels: where the turned text ends, under its column. */
  x: number;
  y: number;
}

export interface RatingGrid {
  cells: GridCell[];
  raters: GridLabel[];
  rated: GridLabel[];
  fontSize: number;
  /** Cells with a white border and their score. */
  detailed: boolean;
  /** The area the cells fill. */
  area: { x: number; y: number; width: number; height: number };
}

/**
 * Lays out the grid over `axis` in a `width` × `height` box: `ends` names a score's rater and rated
 * on the axis, and a score that is withheld, has no mean or band, or names someone off the axis gets
 * no cell.
 */
export function ratingGrid(
  axis: readonly { id: string; label: string }[],
  scores: readonly ScoreView[],
  ends: (s: ScoreView) => [string | null, string | null],
  width: number,
  height: number,
  room: GridRoom,
): RatingGrid {
  const index = new Map(axis.map((a, i) => [a.id, i]));
  const detailed = axis.length <= DENSE_AFTER;
  const area = { x: room.left, y: 8, width: Math.max(0, width - room.left - 8), height: Math.max(0, height - 8 - room.bottom) };
  const cellWidth = axis.length ? area.width / axis.length : 0;
  const cellHeight = axis.length ? area.height / axis.length : 0;
  const cells = scores.flatMap((s): GridCell[] => {
    const [rater, rated] = ends(s);
    const row = index.get(rater ?? '');
    const column = index.get(rated ?? '');
    const colour = s.band ? BAND_COLOURS[s.band] : undefined;
    if (s.suppressed || s.mean === null || !colour || row === undefined || column === undefined) return [];
    return [{ x: area.x + column * cellWidth, y: area.y + row * cellHeight, width: cellWidth, height: cellHeight, colour, label: detailed ? s.mean.toFixed(0) : null }];
  });
  return {
    cells,
    raters: axis.map((a, i) => ({ text: a.label, x: area.x - 4, y: area.y + (i + 0.5) * cellHeight })),
    rated: axis.map((a, i) => ({ text: a.label, x: area.x + (i + 0.5) * cellWidth, y: area.y + area.height + 4 })),
    fontSize: detailed ? 9 : 5,
    detailed,
    area,
  };
}
