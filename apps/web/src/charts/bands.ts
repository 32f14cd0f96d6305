/**
 * The one map from a score's band to its NHS.UK colour, for every chart and every text badge.
 * Each fill has at least 3:1 contrast with the white page (WCAG 1.4.11 for graphics): NHS green
 * 5.4:1, NHS blue 5.9:1, NHS red 4.7:1. Amber/yellow, the usual "moderate", would be under 3:1 on
 * white, so moderate is NHS blue. A band is never shown by colour alone: its name is always written
 * beside it (badge text, table cell, tooltip).
 */
export type Band = 'strong' | 'moderate' | 'concern';

export const BANDS: readonly Band[] = ['strong', 'moderate', 'concern'];

export const BAND_COLOURS: Readonly<Record<Band, { chart: string; tag: string }>> = {
  strong: { chart: '#007f3b', tag: 'nhsuk-tag--green' },
  moderate: { chart: '#005eb8', tag: 'nhsuk-tag--blue' },
  concern: { chart: '#d5281b', tag: 'nhsuk-tag--red' },
};

/** Colour of the series that are not bands (a line per dimension, neutral shares): NHS.UK colours with 3:1 or more on white. */
export const SERIES_COLOURS: readonly string[] = ['#003087', '#007f3b', '#d5281b', '#330072', '#7c2855', '#4c6272', '#005eb8', '#ae2573'];

/** Favourable / neutral / unfavourable shares of a question's answers. */
export const SHARE_COLOURS = { favourable: '#007f3b', neutral: '#768692', unfavourable: '#d5281b' } as const;
