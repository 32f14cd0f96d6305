/**
 * What every chart of the board report shares: the colours (the web app's, NHS.UK palette) and the
 * size above which a chart of members writes small labels. A module of its own, so the pure chart
 * layouts (rating-grid.ts, network-map.ts) do not load ECharts, which only the trend chart draws
 * with (charts.ts).
 */

export const NHS_BLUE = '#005eb8';
export const NHS_DARK_BLUE = '#003087';
export const BAND_COLOURS: Readonly<Record<string, string>> = { strong: '#007f3b', moderate: '#005eb8', concern: '#d5281b' };
export const SECTOR_COLOURS: Readonly<Record<string, string>> = { nhs: '#003087', local_government: '#7c2855', voluntary: '#4c6272', other: '#330072' };
export const SECTOR_NAMES: Readonly<Record<string, string>> = { nhs: 'NHS', local_government: 'Local government', voluntary: 'Voluntary sector', other: 'Other' };

/** Above this many members (or sectors) a chart is dense: smaller nodes and labels, no figure in a heatmap cell. */
export const DENSE_AFTER = 24;
