import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ScoreView } from '@pp/scoring';
import type { BoardReportData, ReportMember } from './board-report-data';
import { actionRow } from './action-rows';
import { trendChart } from './charts';
import { type NetworkLayout, networkLayout } from './network-map';
import { changeText, ciText, percentText, scoreText } from './figures';
import { type RatingGrid, ratingGrid } from './rating-grid';
import { NHS_BLUE, NHS_DARK_BLUE, SECTOR_COLOURS, SECTOR_NAMES } from './report-style';
import { sectorsOf } from './tie-detail';

type Doc = InstanceType<typeof PDFDocument>;

/**
 * The standard PDF fonts (WinAnsi) have no ŵ or ŷ, which Welsh organisation names use: the report
 * embeds DejaVu Sans from its npm package, and pdfkit keeps only the glyphs used, so it stays small.
 * Resolved from the working directory, as the API finds the web app's build (dist/web).
 */
const FONT_DIR = resolve('node_modules/dejavu-fonts-ttf/ttf');
const FONTS = { regular: 'Report', bold: 'Report-Bold' } as const;
const TEXT_COLOUR = '#212b32';
const SECONDARY = '#4c6272';
const RULE = '#d8dde0';
const MARGIN = 50;

/** One section of the report: draws itself from the data, starting at the current position. */
export type ReportSection = (doc: Doc, data: BoardReportData) => void;

/**
 * The sections in order. Each is one function, so a section (an action plan, say) is added by
 * writing its function and listing it here.
 */
export const SECTIONS: readonly ReportSection[] = [cover, headlineScores, trend, heatmap, network, tieChangesSection, alerts, actionPlans, responseRates, method];

/** Renders the board report as a PDF (A4, embedded font, charts as vector graphics). */
export function renderBoardReport(data: BoardReportData, renderedAt: Date, sections: readonly ReportSection[] = SECTIONS): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: true,
    bufferPages: true,
    info: {
      Title: `Partnership health board report: ${data.footprint.name}, ${data.round.period}`,
      Author: 'Partnership Pulse',
      Subject: `Round ${data.round.period} of ${data.footprint.code}`,
      CreationDate: renderedAt,
    },
  });
  const done = new Promise<Buffer>((ok, fail) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });
  doc.registerFont(FONTS.regular, `${FONT_DIR}/DejaVuSans.ttf`);
  doc.registerFont(FONTS.bold, `${FONT_DIR}/DejaVuSans-Bold.ttf`);
  doc.font(FONTS.regular).fillColor(TEXT_COLOUR);
  (doc as Doc & { renderedAt: Date }).renderedAt = renderedAt;
  for (const section of sections) section(doc, data);
  footers(doc, data, renderedAt);
  doc.end();
  return done;
}

// ---- building blocks -------------------------------------------------------------------------

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc) => doc.page.height - MARGIN - 20;

/** Starts a new page unless `height` still fits on this one. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size = 15): void {
  room(doc, 80);
  doc.moveDown(0.6).font(FONTS.bold).fontSize(size).fillColor(NHS_BLUE).text(text, MARGIN, doc.y);
  doc.moveDown(0.3).font(FONTS.regular).fontSize(9.5).fillColor(TEXT_COLOUR);
}

function paragraph(doc: Doc, text: string, colour = TEXT_COLOUR): void {
  doc.font(FONTS.regular).fontSize(9.5).fillColor(colour).text(text, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4).fillColor(TEXT_COLOUR);
}

interface Column {
  title: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right';
}

/** A table with an NHS blue header row and ruled rows; a long table carries on with its header on the next page. */
function table(doc: Doc, columns: readonly Column[], rows: readonly string[][], emptyText = 'None.'): void {
  const width = contentWidth(doc);
  const widths = columns.map((c) => c.width * width);
  const header = () => {
    const y = doc.y;
    doc.rect(MARGIN, y, width, 18).fill(NHS_BLUE);
    let x = MARGIN;
    doc.font(FONTS.bold).fontSize(8.5).fillColor('#ffffff');
    columns.forEach((c, i) => {
      doc.text(c.title, x + 4, y + 5, { width: widths[i]! - 8, align: c.align ?? 'left', lineBreak: false, ellipsis: true });
      x += widths[i]!;
    });
    doc.y = y + 18;
  };
  room(doc, 40);
  header();
  if (rows.length === 0) {
    doc.font(FONTS.regular).fontSize(8.5).fillColor(SECONDARY).text(emptyText, MARGIN + 4, doc.y + 5);
    doc.moveDown(0.8).fillColor(TEXT_COLOUR);
    return;
  }
  doc.font(FONTS.regular).fontSize(8.5);
  rows.forEach((row, r) => {
    const height = Math.max(16, ...row.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 8 }) + 7));
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      header();
      doc.font(FONTS.regular).fontSize(8.5);
    }
    const y = doc.y;
    if (r % 2 === 1) doc.rect(MARGIN, y, width, height).fill('#f0f4f5');
    let x = MARGIN;
    row.forEach((cell, i) => {
      doc.fillColor(cell.startsWith('Withheld') ? SECONDARY : TEXT_COLOUR).text(cell, x + 4, y + 4, { width: widths[i]! - 8, align: columns[i]!.align ?? 'left' });
      x += widths[i]!;
    });
    doc.moveTo(MARGIN, y + height).lineTo(MARGIN + width, y + height).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.y = y + height;
  });
  doc.x = MARGIN;
  doc.moveDown(0.6).fillColor(TEXT_COLOUR);
}

/**
 * A figure `height` tall at the current position, on a new page if it does not fit there: `draw`
 * gets its top-left corner, and the text after it starts below it, in the body's font.
 */
function figure(doc: Doc, height: number, draw: (x: number, y: number) => void): void {
  room(doc, height + 10);
  const y = doc.y;
  draw(MARGIN, y);
  doc.font(FONTS.regular).fontSize(9.5).fillColor(TEXT_COLOUR);
  doc.x = MARGIN;
  doc.y = y + height + 6;
}

function chart(doc: Doc, svg: string, width: number, height: number): void {
  figure(doc, height, (x, y) => SVGtoPDF(doc, svg, x, y, { width, height, assumePt: true, fontCallback: (_family, bold) => (bold ? FONTS.bold : FONTS.regular) }));
}

/** A rating grid (rating-grid.ts) drawn at the current position with pdfkit's shapes and text. */
function grid(doc: Doc, laid: RatingGrid, height: number): void {
  figure(doc, height, (x0, y0) => {
    for (const cell of laid.cells) {
      doc.rect(x0 + cell.x, y0 + cell.y, cell.width, cell.height).fill(cell.colour);
      if (!laid.detailed) continue;
      doc.rect(x0 + cell.x, y0 + cell.y, cell.width, cell.height).lineWidth(1).strokeColor('#ffffff').stroke();
      if (cell.label !== null) {
        doc.font(FONTS.regular).fontSize(8).fillColor('#ffffff').text(cell.label, x0 + cell.x, y0 + cell.y + cell.height / 2 - 4.5, { width: cell.width, align: 'center', lineBreak: false });
      }
    }
    doc.font(FONTS.regular).fontSize(laid.fontSize).fillColor(TEXT_COLOUR);
    const half = laid.fontSize * 0.6;
    const widest = Math.max(0, ...laid.raters.map((label) => doc.widthOfString(label.text)));
    for (const label of laid.raters) {
      doc.text(label.text, x0 + label.x - doc.widthOfString(label.text), y0 + label.y - half, { lineBreak: false });
    }
    // Rated labels turned 60° anticlockwise, each ending under its column, as the web app's heatmap writes them.
    for (const label of laid.rated) {
      const ox = x0 + label.x;
      const oy = y0 + label.y;
      doc.save().rotate(-60, { origin: [ox, oy] });
      doc.text(label.text, ox - doc.widthOfString(label.text), oy - half, { lineBreak: false });
      doc.restore();
    }
    // Each axis's name beyond its longest label.
    const { area } = laid;
    doc.fontSize(9).fillColor(SECONDARY);
    const ratedY = y0 + area.y + area.height + 4 + widest * Math.sin(Math.PI / 3) + 8;
    doc.text('rated', x0 + area.x + area.width / 2 - doc.widthOfString('rated') / 2, ratedY, { lineBreak: false });
    const rx = x0 + area.x - 4 - widest - 12;
    const ry = y0 + area.y + area.height / 2;
    doc.save().rotate(-90, { origin: [rx, ry] });
    doc.text('rater', rx - doc.widthOfString('rater') / 2, ry - 5, { lineBreak: false });
    doc.restore();
  });
}

/** A network map (network-map.ts) drawn at the current position with pdfkit's shapes and text. */
function networkMap(doc: Doc, map: NetworkLayout, height: number): void {
  figure(doc, height, (x0, y0) => {
    for (const line of map.lines) {
      doc.save().moveTo(x0 + line.from.x, y0 + line.from.y).lineTo(x0 + line.to.x, y0 + line.to.y).lineWidth(line.width).strokeOpacity(line.opacity).strokeColor(line.colour).stroke().restore();
    }
    doc.font(FONTS.regular).fontSize(map.fontSize);
    const gap = map.nodeSize / 2 + 3;
    const half = map.fontSize * 0.6;
    for (const node of map.nodes) {
      doc.circle(x0 + node.x, y0 + node.y, map.nodeSize / 2).fill(node.colour);
      doc.fillColor(TEXT_COLOUR);
      if (!map.radial) {
        doc.text(node.label, x0 + node.x + gap, y0 + node.y - half, { lineBreak: false });
        continue;
      }
      // Outward along the radius, never upside down: on the left half the text is turned half a circle and ends at the node.
      const left = node.angle > 90 && node.angle < 270;
      const width = doc.widthOfString(node.label);
      doc.save().rotate(left ? node.angle - 180 : node.angle, { origin: [x0 + node.x, y0 + node.y] });
      doc.text(node.label, x0 + node.x + (left ? -gap - width : gap), y0 + node.y - half, { lineBreak: false });
      doc.restore();
    }
  });
}

function footers(doc: Doc, data: BoardReportData, renderedAt: Date): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: with the margin in place pdfkit would start a new page
    // for it (two per page, footer-only, after the report's own pages).
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 10;
    doc.font(FONTS.regular).fontSize(7.5).fillColor(SECONDARY);
    doc.text(`OFFICIAL-SENSITIVE · ${data.footprint.name} · ${data.round.period} · rendered ${renderedAt.toISOString().slice(0, 10)}`, MARGIN, y, { width: contentWidth(doc) - 60, lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, doc.page.width - MARGIN - 60, y, { width: 60, align: 'right', lineBreak: false });
  }
}

/** A count as the report writes it, with thousands separated. */
const count = (n: number) => n.toLocaleString('en-GB');

/** A sector's name as the report writes it ('–' for none). */
const sectorName = (sector: string | null | undefined) => (sector ? (SECTOR_NAMES[sector] ?? sector) : '–');

const memberName = (members: ReadonlyMap<string, ReportMember>, id: string | null) => (id ? (members.get(id)?.name ?? id) : '–');

// ---- sections --------------------------------------------------------------------------------

export function cover(doc: Doc, data: BoardReportData): void {
  const renderedAt = (doc as Doc & { renderedAt: Date }).renderedAt;
  doc.rect(0, 0, doc.page.width, 72).fill(NHS_BLUE);
  doc.font(FONTS.bold).fontSize(11).fillColor('#ffffff').text('OFFICIAL-SENSITIVE', MARGIN, 24);
  doc.font(FONTS.regular).fontSize(10).text('Partnership Pulse · board paper', MARGIN, 42);
  doc.font(FONTS.bold).fontSize(20).fillColor(NHS_DARK_BLUE).text('Partnership health: quarterly board report', MARGIN, 96, { width: contentWidth(doc) });
  doc.moveDown(0.3).font(FONTS.regular).fontSize(13).fillColor(TEXT_COLOUR).text(`${data.footprint.name} (${data.footprint.code})`);
  doc.moveDown(0.15).fontSize(11).text(`Round ${data.round.period}, final scores`);
  doc.moveDown(0.15).fillColor(SECONDARY).text(`Scored ${data.round.computedAt.slice(0, 10)} · report rendered ${renderedAt.toISOString().slice(0, 10)}`);
  doc.moveDown(0.6).fillColor(TEXT_COLOUR);
  const { respondents, expected } = data.responseRates;
  table(
    doc,
    [
      { title: 'At a glance', width: 0.5 },
      { title: '', width: 0.5 },
    ],
    [
      ['Relationship Health Index (0–100)', scoreText(data.rhi)],
      ['Band', data.rhi?.band ?? '–'],
      ['Change since the previous round', data.rhi ? changeText(data.rhi) : '–'],
      ['Respondents / expected', `${count(respondents)} / ${count(expected)} (${percentText(expected > 0 ? respondents / expected : null)})`],
      ['Alerts raised by this round', count(data.alerts.total)],
      ['Anonymity threshold (k)', String(data.k)],
    ],
  );
}

export function headlineScores(doc: Doc, data: BoardReportData): void {
  heading(doc, 'Relationship Health Index and dimensions');
  paragraph(doc, 'Scores run from 0 to 100: strong from 75, moderate from 50, concern below 50. The interval is the 95% confidence interval; n is the number of answers the score rests on.');
  const row = (label: string, view: ScoreView) => [label, scoreText(view), view.band ?? '–', ciText(view), view.n === null ? '–' : String(view.n), changeText(view)];
  const rows = [...(data.rhi ? [row('Relationship Health Index', data.rhi)] : []), ...data.dimensions.map((d) => row(data.dimensionNames.get(d.measure) ?? d.measure, d))];
  table(
    doc,
    [
      { title: 'Measure', width: 0.27 },
      { title: 'Score', width: 0.2, align: 'right' },
      { title: 'Band', width: 0.11 },
      { title: '95% CI', width: 0.13, align: 'right' },
      { title: 'n', width: 0.07, align: 'right' },
      { title: 'Change', width: 0.22, align: 'right' },
    ],
    rows,
  );
}

const TREND_HEIGHT = 170;

export function trend(doc: Doc, data: BoardReportData): void {
  room(doc, TREND_HEIGHT + 60);
  heading(doc, 'Trend over the scored rounds', 12);
  if (data.trend.periods.length < 2) {
    paragraph(doc, 'This is the footprint’s first scored round: a trend needs two.', SECONDARY);
    return;
  }
  const width = contentWidth(doc);
  chart(doc, trendChart(data.trend.periods, data.trend.series, width, TREND_HEIGHT), width, TREND_HEIGHT);
  paragraph(doc, 'A gap in a line is a round whose score the anonymity gate withholds.', SECONDARY);
}

export function heatmap(doc: Doc, data: BoardReportData): void {
  doc.addPage();
  if (data.ties.kind === 'sectors') return sectorHeatmap(doc, data, data.ties);
  heading(doc, 'How members rate each other (dyad heatmap)');
  paragraph(doc, 'Each row is a rating member, each column the member it rates; the cell is that partner rating in its band’s colour (green strong, blue moderate, red concern). An empty cell is a pair that was not rated or whose rating is withheld (fewer than k respondents).');
  const side = Math.min(contentWidth(doc), bottom(doc) - doc.y - 120);
  const members = data.members.map((m) => ({ id: m.id, label: m.code }));
  const ends = (d: ScoreView): [string | null, string | null] => [d.organisationId, d.partnerOrganisationId];
  grid(doc, ratingGrid(members, data.ties.dyads, ends, side, side, { left: 70, bottom: 70 }), side);
  paragraph(doc, data.members.map((m) => `${m.code}: ${m.name}`).join(' · '), SECONDARY);
}

type SectorTies = Extract<BoardReportData['ties'], { kind: 'sectors' }>;

const SECTOR_HEATMAP_SIDE = 300;

/** A round above the detail limit: the heatmap by sector pair, with its figures as a table, and what was summarised. */
function sectorHeatmap(doc: Doc, data: BoardReportData, ties: SectorTies): void {
  heading(doc, 'How sectors rate each other (heatmap by sector pair)');
  paragraph(
    doc,
    `This round has ${count(data.members.length)} members, more than the ${ties.detailLimit} whose ratings of each other one page can show member by member. This report summarises them: the heatmap shows how each sector’s members rate each sector’s, the network map only the weakest ties of concern, and the ties that changed most are ranked over every tie. Every member’s rating of every other is on the dashboard’s relationships page and in the BI export (GET /api/v1/bi/scores?scope=dyad).`,
  );
  paragraph(doc, 'Each row is a rating sector, each column the sector it rates; the cell is the partner rating of the pair in its band’s colour (green strong, blue moderate, red concern). An empty cell is a pair that was not rated or whose rating is withheld.');
  const sectors = sectorsOf(data.members, ties.sectorPairs, Object.keys(SECTOR_NAMES));
  const axis = sectors.map((sector) => ({ id: sector, label: sectorName(sector) }));
  const ends = (p: ScoreView): [string | null, string | null] => [p.sector, p.partnerSector];
  // Room for "Local government" written across and, turned 60°, below the grid.
  const laid = ratingGrid(axis, ties.sectorPairs, ends, SECTOR_HEATMAP_SIDE, SECTOR_HEATMAP_SIDE, { left: 100, bottom: 86 });
  grid(doc, laid, SECTOR_HEATMAP_SIDE);
  const rank = (sector: string | null) => sectors.indexOf(sector ?? '');
  const pairs = [...ties.sectorPairs].sort((a, b) => rank(a.sector) - rank(b.sector) || rank(a.partnerSector) - rank(b.partnerSector));
  table(
    doc,
    [
      { title: 'Rater sector → rated sector', width: 0.36 },
      { title: 'Score', width: 0.2, align: 'right' },
      { title: 'Band', width: 0.11 },
      { title: 'n', width: 0.09, align: 'right' },
      { title: 'Change', width: 0.24, align: 'right' },
    ],
    pairs.map((p) => [`${sectorName(p.sector)} → ${sectorName(p.partnerSector)}`, scoreText(p), p.band ?? '–', p.n === null ? '–' : String(p.n), changeText(p)]),
    'No sector rated another.',
  );
}

/** Members on a circle coloured by sector, above the detail limit only those at either end of one of the weakest ties of concern. */
export function network(doc: Doc, data: BoardReportData): void {
  doc.addPage();
  const ties = data.ties;
  const drawn = ties.kind === 'members' ? ties.dyads : ties.weakest;
  const ends = new Set(drawn.flatMap((d) => [d.organisationId, d.partnerOrganisationId]));
  const members = ties.kind === 'members' ? data.members : data.members.filter((m) => ends.has(m.id));
  if (ties.kind === 'members') {
    heading(doc, 'Network map');
    paragraph(doc, 'Members on a circle, coloured by sector; a line joins two members who rated each other or one the other. It is red when either rating is in concern. Pairs whose ratings are all withheld (fewer than k respondents) are not drawn.');
  } else {
    heading(doc, 'Network map: the weakest ties of concern');
    paragraph(
      doc,
      ties.concern === 0
        ? `Of the ${count(ties.shown)} ties the anonymity gate shows, none is in concern.`
        : `Of the ${count(ties.shown)} ties the anonymity gate shows, ${count(ties.concern)} ${ties.concern === 1 ? 'is' : 'are'} in concern (below 50). ${ties.weakest.length === ties.concern ? 'They are' : `The ${ties.weakest.length} weakest are`} drawn between the members at their ends, and listed after the map. Every tie is on the dashboard’s network map and in the BI export.`,
    );
  }
  const legend = Object.entries(SECTOR_NAMES).filter(([sector]) => data.members.some((m) => m.sector === sector));
  let x = MARGIN;
  const y = doc.y;
  for (const [sector, name] of legend) {
    doc.circle(x + 4, y + 5, 4).fill(SECTOR_COLOURS[sector]!);
    doc.font(FONTS.regular).fontSize(8.5).fillColor(TEXT_COLOUR).text(name, x + 12, y, { lineBreak: false });
    x += 20 + doc.widthOfString(name);
  }
  doc.x = MARGIN;
  doc.y = y + 16;
  const side = Math.min(contentWidth(doc), bottom(doc) - doc.y - 10);
  networkMap(doc, networkLayout(members, drawn, side, side), side);
  if (ties.kind === 'sectors' && ties.weakest.length > 0) {
    const byId = new Map(data.members.map((m) => [m.id, m]));
    table(
      doc,
      [
        { title: 'Rater → rated', width: 0.75 },
        { title: 'Score', width: 0.25, align: 'right' },
      ],
      ties.weakest.map((d) => [`${memberName(byId, d.organisationId)} → ${memberName(byId, d.partnerOrganisationId)}`, scoreText(d)]),
    );
  }
}

export function tieChangesSection(doc: Doc, data: BoardReportData): void {
  doc.addPage();
  heading(doc, 'Ties that changed most since the previous round');
  paragraph(doc, 'Partner ratings (rater → rated) whose score and change the anonymity gate shows; withheld ties are never ranked.');
  const members = new Map(data.members.map((m) => [m.id, m]));
  const { improved, deteriorated } = data.tieChanges;
  const columns: Column[] = [
    { title: 'Rater → rated', width: 0.55 },
    { title: 'Previous', width: 0.15, align: 'right' },
    { title: 'Now', width: 0.15, align: 'right' },
    { title: 'Change', width: 0.15, align: 'right' },
  ];
  const rows = (list: typeof improved) =>
    list.map((t) => [`${memberName(members, t.organisationId)} → ${memberName(members, t.partnerOrganisationId)}`, t.previousMean.toFixed(1), t.mean.toFixed(1), `${t.delta > 0 ? '+' : '−'}${Math.abs(t.delta).toFixed(1)}`]);
  heading(doc, 'Most improved', 11);
  table(doc, columns, rows(improved), 'No tie improved, or none can be compared with the previous round.');
  heading(doc, 'Most deteriorated', 11);
  table(doc, columns, rows(deteriorated), 'No tie deteriorated, or none can be compared with the previous round.');
}

export function alerts(doc: Doc, data: BoardReportData): void {
  heading(doc, 'Alerts raised by this round');
  const byStatus = (status: string) => count(data.alerts.byStatus[status] ?? 0);
  paragraph(doc, `Open ${byStatus('open')} · acknowledged ${byStatus('acknowledged')} · resolved ${byStatus('resolved')}.`);
  if (data.alerts.rows.length < data.alerts.total) {
    paragraph(doc, `The ${data.alerts.rows.length} most severe of the ${count(data.alerts.total)} alerts are listed, critical first; every alert is on the dashboard’s alerts page and in the BI export (GET /api/v1/bi/alerts).`, SECONDARY);
  }
  table(
    doc,
    [
      { title: 'Severity', width: 0.12 },
      { title: 'Status', width: 0.15 },
      { title: 'Subject', width: 0.28 },
      { title: 'What happened', width: 0.45 },
    ],
    data.alerts.rows.map((a) =>
      a.suppressed === true
        ? [String(a.severity), String(a.status), 'Withheld: about a score the anonymity gate withholds', '–']
        : [String(a.severity), String(a.status), String(a.subject_label ?? a.subject ?? '–'), String(a.summary ?? '–')],
    ),
    'This round raised no alerts.',
  );
}

export function actionPlans(doc: Doc, data: BoardReportData): void {
  heading(doc, 'Action plans');
  paragraph(
    doc,
    'What the partnership’s leads decided to do, by whom and by when, and the figure each action follows: its score in the round before the action was recorded and in this round, with the change when it is statistically significant (the same test as the trend).',
  );
  const members = new Map(data.members.map((m) => [m.id, m]));
  const names = {
    member: (id: string | null) => memberName(members, id),
    sector: sectorName,
    dimension: (key: string | null) => (key ? (data.dimensionNames.get(key) ?? key) : '–'),
  };
  table(
    doc,
    [
      { title: 'Action', width: 0.24 },
      { title: 'About', width: 0.16 },
      { title: 'Owner', width: 0.14 },
      { title: 'Due', width: 0.1 },
      { title: 'Status', width: 0.09 },
      { title: 'Before → now', width: 0.13 },
      { title: 'Result', width: 0.14 },
    ],
    data.actions.map((item) => actionRow(item, names)),
    'No action has been recorded.',
  );
}

export function responseRates(doc: Doc, data: BoardReportData): void {
  heading(doc, 'Response rates by organisation');
  const tally = data.responseRates;
  if (tally.rows.length < tally.organisations) {
    paragraph(doc, `By sector, then the ${tally.rows.length} of the ${count(tally.organisations)} organisations with the lowest response rates; every organisation’s is on the round’s page and in the BI export (GET /api/v1/bi/response-rates).`, SECONDARY);
    table(
      doc,
      [
        { title: 'Sector', width: 0.46 },
        { title: 'Organisations', width: 0.18, align: 'right' },
        { title: 'Respondents', width: 0.12, align: 'right' },
        { title: 'Expected', width: 0.12, align: 'right' },
        { title: 'Rate', width: 0.12, align: 'right' },
      ],
      tally.bySector.map((s) => [sectorName(s.sector), count(s.organisations), count(s.respondents), count(s.expected), percentText(s.expected > 0 ? s.respondents / s.expected : null)]),
    );
  }
  table(
    doc,
    [
      { title: 'Organisation', width: 0.46 },
      { title: 'Sector', width: 0.18 },
      { title: 'Respondents', width: 0.12, align: 'right' },
      { title: 'Expected', width: 0.12, align: 'right' },
      { title: 'Rate', width: 0.12, align: 'right' },
    ],
    tally.rows.map((r) => [
      String(r.organisation_name ?? r.organisation_code ?? '–'),
      sectorName(r.sector === null || r.sector === undefined ? null : String(r.sector)),
      String(r.respondents ?? 0),
      String(r.expected_respondents ?? 0),
      percentText(r.response_rate === null ? null : Number(r.response_rate)),
    ]),
    'No organisation was invited.',
  );
}

export function method(doc: Doc, data: BoardReportData): void {
  heading(doc, 'Method and anonymity');
  paragraph(
    doc,
    'Member organisations answer a quarterly pulse on the partnership as a whole (trust, shared purpose, involvement, communication, delivery) and on each partner. Answers are scored 0–100; the Relationship Health Index is the weighted mean of the five dimensions. Changes compare with the footprint’s previous scored round; a trend is labelled only when the change is statistically significant.',
  );
  paragraph(
    doc,
    `Anonymity: any figure resting on fewer than ${data.k} respondents (the footprint’s threshold, k = ${data.k}) is withheld, and so is any figure from which a withheld one could be worked out. Where this report reads “Withheld: fewer than ${data.k} respondents”, the figure exists but is not published; it is withheld exactly as in the dashboard and the API. An empty heatmap cell or a grey tie is withheld or was not rated.`,
  );
  paragraph(doc, `Figures as of the scoring run of ${data.round.computedAt}. Report fingerprint ${data.fingerprint}.`, SECONDARY);
}
