import { type Band, earlierRounds, gateDecisions as decisions, reverseScoreKey as reverseKey, SCOPES, scoreCellKey as scoreKey, type Trend } from '@pp/scoring';
import type { ScoresQuery, TrendsQuery } from '../dto/score-queries';
import type { Column, TextRow } from './columns';
import type { FootprintInScope, Params, ReadModel, RowGate, TextQuery } from './read-model';
import { footprintColumns, organisationColumns, periodColumn, periodConditions, sectorColumn, sectorSql } from './shared-columns';

const BANDS: readonly Band[] = ['strong', 'moderate', 'concern'];
const TRENDS: readonly Trend[] = ['improving', 'stable', 'deteriorating'];

const FROM = `score s JOIN footprint f ON f.id = s.footprint_id
  LEFT JOIN organisation o ON o.id = s.organisation_id
  LEFT JOIN organisation p ON p.id = s.partner_organisation_id`;

/** What a score is about, in codes BI can join on. */
const subjectColumns: Column[] = [
  { name: 'scope', type: 'string', sql: 's.scope', enum: SCOPES, description: 'footprint, dimension, organisation, sector, sector_pair, dyad or network', example: 'organisation' },
  {
    name: 'measure',
    type: 'string',
    sql: 's.measure',
    description: 'rhi, a dimension key (trust, shared_purpose, involvement, communication, delivery), partner_rating, or a network measure',
    example: 'trust',
  },
  {
    name: 'subject',
    type: 'string',
    sql: `CASE s.scope WHEN 'organisation' THEN o.code WHEN 'dyad' THEN o.code || '>' || p.code WHEN 'network' THEN coalesce(o.code, 'footprint')
      WHEN 'sector' THEN s.subject WHEN 'sector_pair' THEN s.subject ELSE 'footprint' END`,
    description: "What is scored: 'footprint', an organisation code, a sector, or rater>rated for dyads and sector pairs",
    example: 'E08000015',
  },
  { name: 'organisation_id', type: 'uuid', sql: 's.organisation_id', nullable: true, description: 'The organisation scored, or the rating member of a dyad', example: '7d2e4f10-5b6a-4c3d-8e9f-0a1b2c3d4e5f' },
  ...organisationColumns('o', 'organisation', true, 'the organisation scored (the rater, for dyads)'),
  sectorColumn('sector', `coalesce(s.sector, ${sectorSql('o.type')})`, true, 'the organisation or sector scored (the rater, for dyads and sector pairs)'),
  { name: 'partner_organisation_id', type: 'uuid', sql: 's.partner_organisation_id', nullable: true, description: 'The rated member of a dyad', example: null },
  ...organisationColumns('p', 'partner_organisation', true, 'the rated member of a dyad'),
  sectorColumn('partner_sector', `coalesce(s.partner_sector, ${sectorSql('p.type')})`, true, 'the rated member or sector'),
];

const roundColumns: Column[] = [
  periodColumn('s.period'),
  { name: 'round_id', type: 'uuid', sql: 's.round_id', description: 'Id of the round in this API', example: '0e4b6f5a-2c1d-4e3f-9a8b-7c6d5e4f3a2b' },
  { name: 'provisional', type: 'boolean', sql: 's.provisional', description: 'Scored while the round was still open; replaced at close', example: false },
];

const suppressedColumn: Column = {
  name: 'suppressed',
  type: 'boolean',
  sql: 'false',
  description: 'Withheld by the anonymity gate (too few respondents, or a figure from which a withheld one could be worked out, or not footprint-wide while provisional): every statistic is empty',
  example: false,
  gateMark: true,
};

const SCORE_STATISTICS: Column[] = [
  { name: 'respondents', type: 'integer', sql: 's.respondents', nullable: true, description: 'Distinct respondents behind the value', example: 12 },
  { name: 'n', type: 'integer', sql: 's.n', nullable: true, description: 'Size of the sample the statistics are over (respondents, ratings or dyads)', example: 12 },
  { name: 'mean', type: 'number', sql: 's.mean', nullable: true, description: 'Mean on 0–100 (network measures: 0–1 fractions, or points for mean_asymmetry)', example: 68.4 },
  { name: 'sd', type: 'number', sql: 's.sd', nullable: true, description: 'Standard deviation', example: 14.2 },
  { name: 'ci_lower', type: 'number', sql: 's.ci_lower', nullable: true, description: 'Lower end of the 95% confidence interval of the mean', example: 59.4 },
  { name: 'ci_upper', type: 'number', sql: 's.ci_upper', nullable: true, description: 'Upper end of the 95% confidence interval of the mean', example: 77.4 },
  { name: 'band', type: 'string', sql: 's.band', enum: BANDS, nullable: true, description: 'strong ≥ 75, moderate 50–75, concern < 50', example: 'moderate' },
  { name: 'perception_gap', type: 'number', sql: 's.perception_gap', nullable: true, description: 'Dyads and sector pairs: this direction minus the reverse', example: -6.5 },
  { name: 'computed_at', type: 'date-time', sql: 's.computed_at', description: 'When the round was scored', example: '2026-10-01T02:00:00.000Z' },
];

/** Ids of the organisations a filter names by code or id; ids of another footprint match no row of this one. */
function organisationIds(refs: readonly string[], params: Params): string {
  const list = params.add(refs.map((ref) => ref.toUpperCase()), 'text[]');
  return `(SELECT id FROM organisation WHERE code = ANY(${list}) OR upper(id::text) = ANY(${list}))`;
}

/** One subject's rows: an organisation's own (either member, for dyads), a dyad's, a sector pair's. */
function subjectConditions(query: ScoresQuery, params: Params): string[] {
  const conditions: string[] = [];
  if (query.organisation?.length) {
    const ids = organisationIds(query.organisation, params);
    conditions.push(`(s.organisation_id IN ${ids} OR s.partner_organisation_id IN ${ids})`);
  }
  if (query.rater?.length) conditions.push(`s.scope = 'dyad'`, `s.organisation_id IN ${organisationIds(query.rater, params)}`);
  if (query.rated?.length) conditions.push(`s.scope = 'dyad'`, `s.partner_organisation_id IN ${organisationIds(query.rated, params)}`);
  if (query.sectorPair?.length) conditions.push(`s.scope = 'sector_pair'`, `s.subject = ANY(${params.add(query.sectorPair, 'text[]')})`);
  return conditions;
}

/** Filters shared by scores and trends. Organisation type and sector match the organisation scored (the rater, for dyads). */
function scoreConditions(query: ScoresQuery, params: Params): string[] {
  return [
    ...subjectConditions(query, params),
    ...periodConditions('s.period', query, params),
    ...(query.includeProvisional ? [] : ['s.provisional = false']),
    ...(query.scope?.length ? [`s.scope = ANY(${params.add(query.scope, 'text[]')})`] : []),
    ...(query.measure?.length ? [`s.measure = ANY(${params.add(query.measure, 'text[]')})`] : []),
    ...(query.organisationType?.length ? [`o.type::text = ANY(${params.add(query.organisationType, 'text[]')})`] : []),
    ...(query.sector?.length ? [`coalesce(s.sector, ${sectorSql('o.type')}) = ANY(${params.add(query.sector, 'text[]')})`] : []),
  ];
}

const SORTS = {
  period: {
    keys: [
      { sql: 's.period', type: 'text' },
      { sql: 's.scope', type: 'text' },
      { sql: 's.subject', type: 'text' },
      { sql: 's.measure', type: 'text' },
    ],
    description: 'period, then scope, subject, measure',
  },
  series: {
    keys: [
      { sql: 's.scope', type: 'text' },
      { sql: 's.subject', type: 'text' },
      { sql: 's.measure', type: 'text' },
      { sql: 's.period', type: 'text' },
    ],
    description: 'scope, subject, measure, then period: each series in time order',
  },
};

/** The stored score key behind a row, selected after the columns for the gate. */
const GATE_COLUMNS = ['s.scope', 's.subject', 's.measure'];

function indexes(columns: readonly Column[], names: readonly string[]): number[] {
  return names.map((name) => columns.findIndex((c) => c.name === name));
}

/** Periods the rows span: a page's own, or the query's range for an export. */
export function span(columns: readonly Column[], rows: 'all' | readonly TextRow[], query: { from?: string; to?: string }): { from?: string; to?: string } {
  if (rows === 'all') return query;
  const at = columns.findIndex((c) => c.name === 'period');
  const periods = rows.map((row) => row[at]!).sort();
  return periods.length ? { from: periods[0], to: periods[periods.length - 1] } : { from: '9999-Q4', to: '0000-Q1' };
}

const scoreColumns: Column[] = [...footprintColumns, ...roundColumns, ...subjectColumns, suppressedColumn, ...SCORE_STATISTICS];
const [S_ROUND, S_SUPPRESSED] = indexes(scoreColumns, ['round_id', 'suppressed']);
const S_WITHHELD = indexes(scoreColumns, ['respondents', 'n', 'mean', 'sd', 'ci_lower', 'ci_upper', 'band', 'perception_gap']);
const [S_GAP] = indexes(scoreColumns, ['perception_gap']);

export const SCORES: ReadModel<ScoresQuery> = {
  name: 'scores',
  rowName: 'BiScoreRow',
  columns: scoreColumns,
  gateColumns: GATE_COLUMNS,
  from: FROM,
  footprintColumn: 's.footprint_id',
  where: scoreConditions,
  sorts: SORTS,
  defaultSort: 'period',
  sources: ['footprint', 'organisation', 'scores'],
  async gate(query: TextQuery, footprint: FootprintInScope, rows, filters): Promise<RowGate> {
    const decided = await decisions.load(query, footprint, span(scoreColumns, rows, filters));
    return (row) => {
      const cell = { scope: row[scoreColumns.length]!, subject: row[scoreColumns.length + 1]!, measure: row[scoreColumns.length + 2]! };
      const withheld = decided.withheld.get(row[S_ROUND!]!);
      if (!withheld || withheld.has(scoreKey(cell))) {
        for (const i of S_WITHHELD) row[i] = null;
        row[S_SUPPRESSED!] = 'true';
        return row;
      }
      const reverse = reverseKey(cell);
      if (reverse && withheld.has(reverse)) row[S_GAP!] = null;
      return row;
    };
  },
};

const trendColumns: Column[] = [
  ...footprintColumns,
  ...subjectColumns,
  ...roundColumns,
  suppressedColumn,
  { name: 'mean', type: 'number', sql: 's.mean', nullable: true, description: 'Mean in this period', example: 68.4 },
  { name: 'previous_period', type: 'string', sql: 'prev.period', nullable: true, description: "The footprint's previous scored round", example: '2026-Q2' },
  { name: 'previous_mean', type: 'number', sql: 's.previous_mean', nullable: true, description: 'Mean in the previous scored round', example: 74.1 },
  { name: 'delta', type: 'number', sql: 's.delta', nullable: true, description: 'mean − previous_mean, in points', example: -5.7 },
  { name: 'p_value', type: 'number', sql: 's.p_value', nullable: true, description: "Welch's two-sided p for the change", example: 0.031 },
  { name: 'significant', type: 'boolean', sql: 's.significant', nullable: true, description: 'p < 0.05 and |delta| ≥ 5 points', example: true },
  { name: 'trend', type: 'string', sql: 's.trend', enum: TRENDS, nullable: true, description: 'improving, stable or deteriorating', example: 'deteriorating' },
  { name: 'slope', type: 'number', sql: 's.slope', nullable: true, description: 'Points per round over the last four scored rounds', example: -2.1 },
];
const [T_ROUND, T_SUPPRESSED] = indexes(trendColumns, ['round_id', 'suppressed']);
const T_ALL = indexes(trendColumns, ['mean', 'previous_mean', 'delta', 'p_value', 'significant', 'trend', 'slope']);
const T_CHANGE = indexes(trendColumns, ['previous_mean', 'delta', 'p_value', 'significant', 'trend']);
const [T_SLOPE] = indexes(trendColumns, ['slope']);

export const TRENDS_MODEL: ReadModel<TrendsQuery> = {
  name: 'trends',
  rowName: 'BiTrendRow',
  columns: trendColumns,
  gateColumns: GATE_COLUMNS,
  from: `${FROM} LEFT JOIN round_scoring prev ON prev.round_id = s.previous_round_id`,
  footprintColumn: 's.footprint_id',
  where: scoreConditions,
  sorts: SORTS,
  defaultSort: 'series',
  sources: ['footprint', 'organisation', 'scores'],
  async gate(query: TextQuery, footprint: FootprintInScope, rows, filters): Promise<RowGate> {
    const decided = await decisions.load(query, footprint, span(trendColumns, rows, filters));
    return (row) => {
      const key = scoreKey({ scope: row[trendColumns.length]!, subject: row[trendColumns.length + 1]!, measure: row[trendColumns.length + 2]! });
      const roundId = row[T_ROUND!]!;
      const withheld = decided.withheld.get(roundId);
      if (!withheld || withheld.has(key)) {
        for (const i of T_ALL) row[i] = null;
        row[T_SUPPRESSED!] = 'true';
        return row;
      }
      // A change or slope would give back a withheld value of an earlier round.
      const earlier = earlierRounds(decided, roundId).map((r) => decided.withheld.get(r.id));
      if (!earlier[0] || earlier[0].has(key)) for (const i of T_CHANGE) row[i] = null;
      if (earlier.some((w) => !w || w.has(key))) row[T_SLOPE!] = null;
      return row;
    };
  },
};
