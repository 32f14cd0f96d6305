import { ACTION_STATUSES, LINK_KINDS, OPEN_ACTION_STATUSES } from '@pp/actions';
import { BANDS, compareWithPreviousRound, gateDecisions as decisions, scoreCellKey as scoreKey } from '@pp/scoring';
import { SECTORS } from '@pp/registry';
import type { ActionsQuery } from '../dto/list-queries';
import type { Column, TextRow } from './columns';
import type { FootprintInScope, Params, ReadModel, RowGate, TextQuery } from './read-model';
import { footprintColumns } from './shared-columns';

const open = OPEN_ACTION_STATUSES.map((s) => `'${s}'`).join(', ');

const columns: Column[] = [
  ...footprintColumns,
  { name: 'action_id', type: 'uuid', sql: 'a.id', description: 'Id of the action in this API', example: '7d2e1f3a-4b5c-4d6e-8f70-8192a3b4c5d6' },
  { name: 'link_kind', type: 'string', sql: 'a.link_kind', enum: LINK_KINDS, description: 'What the action is about: an alert, a dyad, a sector pair or a dimension', example: 'dyad' },
  { name: 'alert_id', type: 'uuid', sql: 'a.alert_id', nullable: true, description: 'link_kind alert: the alert (see /bi/alerts)', example: null },
  { name: 'rater_organisation_id', type: 'uuid', sql: 'a.rater_organisation_id', nullable: true, description: 'link_kind dyad: the rating member', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
  { name: 'rated_organisation_id', type: 'uuid', sql: 'a.rated_organisation_id', nullable: true, description: 'link_kind dyad: the rated member', example: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e' },
  { name: 'rater_sector', type: 'string', sql: 'a.rater_sector', enum: SECTORS, nullable: true, description: 'link_kind sector_pair: the rating sector', example: null },
  { name: 'rated_sector', type: 'string', sql: 'a.rated_sector', enum: SECTORS, nullable: true, description: 'link_kind sector_pair: the rated sector', example: null },
  { name: 'dimension', type: 'string', sql: 'a.dimension', nullable: true, description: 'link_kind dimension: the dimension key', example: null },
  { name: 'figure_scope', type: 'string', sql: 'a.figure_scope', nullable: true, description: 'The score the action is judged by (as in /bi/scores): scope; empty for an alert on a response rate', example: 'dyad' },
  { name: 'figure_subject', type: 'string', sql: 'a.figure_subject', nullable: true, description: 'The score’s subject', example: '1a2b3c4d-…>2b3c4d5e-…' },
  { name: 'figure_measure', type: 'string', sql: 'a.figure_measure', nullable: true, description: 'The score’s measure', example: 'partner_rating' },
  { name: 'owner_organisation_id', type: 'uuid', sql: 'a.owner_organisation_id', description: 'The member organisation that will do it', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
  { name: 'owner_organisation_name', type: 'string', sql: 'o.name', description: 'Its name', example: 'Wirral Metropolitan Borough Council' },
  { name: 'description', type: 'string', sql: 'a.description', description: 'What will be done', example: 'Joint finance workshop' },
  { name: 'due_on', type: 'date', sql: 'a.due_on', description: 'Due date', example: '2027-03-31' },
  { name: 'status', type: 'string', sql: 'a.status', enum: ACTION_STATUSES, description: 'Where it stands; done and dropped are final', example: 'in_progress' },
  { name: 'overdue', type: 'boolean', sql: `(a.due_on < (now() AT TIME ZONE 'UTC')::date AND a.status IN (${open}))`, description: 'Past its due date (UTC) and still open', example: false },
  { name: 'created_at', type: 'date-time', sql: 'a.created_at', description: 'When it was recorded', example: '2026-10-02T09:00:00.000Z' },
  { name: 'updated_at', type: 'date-time', sql: 'a.updated_at', description: 'Last change', example: '2026-11-12T10:30:00.000Z' },
  { name: 'reminded_at', type: 'date-time', sql: 'a.reminded_at', nullable: true, description: 'When its owners were reminded that it is overdue (once)', example: null },
  { name: 'baseline_round_id', type: 'uuid', sql: 'a.baseline_round_id', nullable: true, description: 'The round latest scored when it was recorded: the "before"', example: '0e4b6f5a-2c1d-4e3f-9a8b-7c6d5e4f3a2b' },
  { name: 'baseline_period', type: 'string', sql: 'a.baseline_period', nullable: true, description: 'Its period, YYYY-Qn', example: '2026-Q3' },
  { name: 'before_suppressed', type: 'boolean', sql: 'false', description: 'The baseline figure is withheld by the anonymity gate: its values are empty', example: false, gateMark: true },
  { name: 'before_respondents', type: 'integer', sql: 'sb.respondents', nullable: true, description: 'Respondents behind the baseline figure', example: 6 },
  { name: 'before_mean', type: 'number', sql: 'sb.mean', nullable: true, description: 'The baseline figure, 0–100; empty when withheld or not scored', example: 48.3 },
  { name: 'before_band', type: 'string', sql: 'sb.band', enum: BANDS, nullable: true, description: 'Its band', example: 'concern' },
  { name: 'after_round_id', type: 'uuid', sql: 'latest.round_id', nullable: true, description: 'The latest round scored after the baseline; empty when none is yet', example: '5c1f2e3d-4b5a-4697-8a8b-9c0d1e2f3a4b' },
  { name: 'after_period', type: 'string', sql: 'latest.period', nullable: true, description: 'Its period', example: '2026-Q4' },
  { name: 'after_suppressed', type: 'boolean', sql: 'false', description: 'The latest figure is withheld by the anonymity gate: its values are empty', example: false, gateMark: true },
  { name: 'after_respondents', type: 'integer', sql: 'sa.respondents', nullable: true, description: 'Respondents behind the latest figure', example: 7 },
  { name: 'after_mean', type: 'number', sql: 'sa.mean', nullable: true, description: 'The latest figure, 0–100; empty when withheld or not scored', example: 61.9 },
  { name: 'after_band', type: 'string', sql: 'sa.band', enum: BANDS, nullable: true, description: 'Its band', example: 'moderate' },
  { name: 'delta', type: 'number', sql: 'NULL::double precision', nullable: true, description: 'after_mean − before_mean; empty unless both are shown', example: 13.6 },
  { name: 'p_value', type: 'number', sql: 'NULL::double precision', nullable: true, description: "Welch's two-sided p for the change", example: 0.012 },
  { name: 'significant', type: 'boolean', sql: 'NULL::boolean', nullable: true, description: 'p < 0.05 and a change of 5 points or more (docs/scoring.md, trends)', example: true },
];

/** Gate columns: each figure's n and sd (for the significance test) and whether it was scored. */
const GATE_COLUMNS = ['sb.n', 'sb.sd', 'sa.n', 'sa.sd'];

const at = (name: string) => columns.findIndex((c) => c.name === name);
const [SCOPE, SUBJECT, MEASURE, BASELINE, AFTER, BEFORE_SUPPRESSED, AFTER_SUPPRESSED, BEFORE_MEAN, AFTER_MEAN, DELTA, P, SIGNIFICANT] = [
  'figure_scope', 'figure_subject', 'figure_measure', 'baseline_round_id', 'after_round_id', 'before_suppressed', 'after_suppressed', 'before_mean', 'after_mean', 'delta', 'p_value', 'significant',
].map(at) as number[];
const BEFORE = ['before_respondents', 'before_mean', 'before_band'].map(at);
const AFTER_FIGURES = ['after_respondents', 'after_mean', 'after_band'].map(at);
const [BEFORE_N, BEFORE_SD, AFTER_N, AFTER_SD] = [0, 1, 2, 3].map((i) => columns.length + i) as [number, number, number, number];

const num = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));

/** The rounds the rows' figures are of, for the gate's decisions: every baseline and latest round. */
function span(rows: 'all' | readonly TextRow[], filters: ActionsQuery): { from?: string; to?: string } {
  if (rows === 'all') return { from: filters.from };
  const periods = rows.flatMap((row) => [row[at('baseline_period')], row[at('after_period')]]).filter((p): p is string => !!p).sort();
  return periods.length ? { from: periods[0], to: periods[periods.length - 1] } : { from: '9999-Q4', to: '0000-Q1' };
}

export const ACTIONS_MODEL: ReadModel<ActionsQuery> = {
  name: 'actions',
  rowName: 'BiActionRow',
  columns,
  gateColumns: GATE_COLUMNS,
  from: `action_plan a JOIN footprint f ON f.id = a.footprint_id JOIN organisation o ON o.id = a.owner_organisation_id
    LEFT JOIN LATERAL (
      SELECT rs.round_id, rs.period FROM round_scoring rs
      WHERE rs.footprint_id = a.footprint_id AND NOT rs.provisional AND rs.period > a.baseline_period
      ORDER BY rs.period DESC LIMIT 1) latest ON true
    LEFT JOIN score sb ON sb.round_id = a.baseline_round_id AND sb.scope = a.figure_scope AND sb.subject = a.figure_subject AND sb.measure = a.figure_measure
    LEFT JOIN score sa ON sa.round_id = latest.round_id AND sa.scope = a.figure_scope AND sa.subject = a.figure_subject AND sa.measure = a.figure_measure`,
  footprintColumn: 'a.footprint_id',
  where: (query: ActionsQuery, params: Params) => [
    // Periods select actions by their baseline round.
    ...(query.from ? [`a.baseline_period >= ${params.add(query.from, 'text')}`] : []),
    ...(query.to ? [`a.baseline_period <= ${params.add(query.to, 'text')}`] : []),
    ...(query.status?.length ? [`a.status = ANY(${params.add(query.status, 'text[]')})`] : []),
    ...(query.link_kind?.length ? [`a.link_kind = ANY(${params.add(query.link_kind, 'text[]')})`] : []),
  ],
  sorts: {
    created: {
      keys: [
        { sql: 'a.created_at', type: 'timestamptz' },
        { sql: 'a.id', type: 'uuid' },
      ],
      description: 'when recorded',
    },
    due: {
      keys: [
        { sql: 'a.due_on', type: 'date' },
        { sql: 'a.id', type: 'uuid' },
      ],
      description: 'due date',
    },
  },
  defaultSort: 'created',
  sources: ['footprint', 'organisation', 'actions', 'scores'],
  async gate(query: TextQuery, footprint: FootprintInScope, rows, filters): Promise<RowGate> {
    const decided = await decisions.load(query, footprint, span(rows, filters));
    const shown = (roundId: string | null, key: string) => {
      const withheld = roundId ? decided.withheld.get(roundId) : undefined;
      return withheld !== undefined && !withheld.has(key);
    };
    return (row) => {
      let before = false;
      let after = false;
      if (row[SCOPE!] !== null) {
        const key = scoreKey({ scope: row[SCOPE!]!, subject: row[SUBJECT!]!, measure: row[MEASURE!]! });
        before = row[BEFORE_MEAN!] !== null && shown(row[BASELINE!]!, key);
        after = row[AFTER_MEAN!] !== null && shown(row[AFTER!]!, key);
        // A figure that exists but is not shown is withheld; one that does not exist stays empty, unsuppressed.
        if (row[BEFORE_MEAN!] !== null && !before) {
          for (const i of BEFORE) row[i] = null;
          row[BEFORE_SUPPRESSED!] = 'true';
        }
        if (row[AFTER_MEAN!] !== null && !after) {
          for (const i of AFTER_FIGURES) row[i] = null;
          row[AFTER_SUPPRESSED!] = 'true';
        }
      }
      if (before && after) {
        const change = compareWithPreviousRound(
          { n: num(row[AFTER_N])!, mean: num(row[AFTER_MEAN!]), sd: num(row[AFTER_SD]) },
          { n: num(row[BEFORE_N])!, mean: num(row[BEFORE_MEAN!]), sd: num(row[BEFORE_SD]) },
        );
        row[DELTA!] = change.delta === null ? null : String(change.delta);
        row[P!] = change.p === null ? null : String(change.p);
        row[SIGNIFICANT!] = String(change.significant);
      }
      return row;
    };
  },
};
