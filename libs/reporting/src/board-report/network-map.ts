import type { ScoreView } from '@pp/scoring';
import type { ReportMember } from './board-report-data';
import { BAND_COLOURS, DENSE_AFTER, SECTOR_COLOURS } from './report-style';

/**
 * The board report's network map: members on a circle in code order (deterministic: the same round
 * draws the same map), coloured by sector, a line per pair of members who rated each other, red when
 * either rating is in concern. Laid out here and drawn with pdfkit's own shapes
 * (render-board-report.ts), as the heatmaps are (rating-grid.ts): as an ECharts SVG through
 * svg-to-pdfkit a 60-member map cost the worker about 16 MB of short-lived objects.
 */

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

const TIE_GREY = '#aeb7bd';

export interface NetworkNode {
  x: number;
  y: number;
  colour: string;
  label: string;
  /** The node's direction from the centre, in degrees clockwise from 3 o'clock. */
  angle: number;
}

export interface NetworkLine {
  from: { x: number; y: number };
  to: { x: number; y: number };
  colour: string;
  width: number;
  opacity: number;
}

export interface NetworkLayout {
  nodes: NetworkNode[];
  /** Ties of concern last, so that they are drawn on top. */
  lines: NetworkLine[];
  nodeSize: number;
  fontSize: number;
  /** Codes written outward along the radius rather than to the right of the node. */
  radial: boolean;
}

/** Lays out the map in a `width` × `height` box, leaving room for the members' codes around the circle. */
export function networkLayout(members: readonly ReportMember[], dyads: readonly ScoreView[], width: number, height: number): NetworkLayout {
  const dense = members.length > DENSE_AFTER;
  const ordered = [...members].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const centre = { x: width / 2, y: height / 2 };
  const radius = Math.max(0, Math.min(width - 120, height - 60) / 2);
  const at = new Map<string, NetworkNode>();
  const nodes = ordered.map((m, i) => {
    const angle = (360 * i) / Math.max(1, ordered.length);
    const radians = (angle * Math.PI) / 180;
    const node = { x: centre.x + radius * Math.cos(radians), y: centre.y + radius * Math.sin(radians), colour: SECTOR_COLOURS[m.sector] ?? SECTOR_COLOURS.other!, label: m.code, angle };
    at.set(m.id, node);
    return node;
  });
  const lines = networkTies(members, dyads).map((t) => ({
    from: { x: at.get(t.a)!.x, y: at.get(t.a)!.y },
    to: { x: at.get(t.b)!.x, y: at.get(t.b)!.y },
    colour: t.concern ? BAND_COLOURS.concern! : TIE_GREY,
    width: t.concern ? 1.6 : 0.6,
    opacity: t.concern ? 1 : dense ? 0.5 : 0.8,
  }));
  return { nodes, lines, nodeSize: dense ? 7 : 14, fontSize: dense ? 5 : 9, radial: dense };
}
