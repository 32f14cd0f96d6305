import { BREAKDOWNS, distributionCellKey, gateDecisions } from '@pp/scoring';
import { QUESTION_TYPES } from '@pp/surveys';
import type { DistributionsQuery } from '../dto/score-queries';
import type { Column, TextRow } from './columns';
import type { ReadModel, RowGate } from './read-model';
import { footprintColumns, periodColumn, periodConditions, sectorSql } from './shared-columns';

const columns: Column[] = [
  ...footprintColumns,
  periodColumn('r.period'),
  { name: 'round_id', type: 'uuid', sql: 'd.round_id', description: 'Id of the round in this API', example: '0e4b6f5a-2c1d-4e3f-9a8b-7c6d5e4f3a2b' },
  { name: 'question_key', type: 'string', sql: 'd.question_key', description: 'Key of the question (see the instrument catalogue)', example: 'trust_commitments' },
  { name: 'question_text', type: 'string', sql: 'q.text', description: 'Wording of the question', example: 'Partners deliver on what they commit to.' },
  { name: 'question_type', type: 'string', sql: 'q.type', enum: QUESTION_TYPES, description: 'scale, yes_no, single_choice or partner_rating', example: 'scale' },
  { name: 'dimension', type: 'string', sql: 'q.dimension', nullable: true, description: 'Dimension the item is scored into', example: 'trust' },
  { name: 'breakdown', type: 'string', sql: 'd.breakdown', enum: BREAKDOWNS, description: 'all, sector, organisation_type or respondent_role', example: 'sector' },
  { name: 'group_key', type: 'string', sql: 'd.group_key', description: "The group: 'all', a sector, an organisation type or a respondent role", example: 'local_government' },
  {
    name: 'suppressed',
    type: 'boolean',
    sql: 'false',
    description: 'Withheld by the anonymity gate (too few respondents, or a group from which a withheld one could be worked out, or not footprint-wide while provisional): every count is empty',
    example: false,
    gateMark: true,
  },
  { name: 'respondents', type: 'integer', sql: 'd.respondents', nullable: true, description: 'Distinct respondents of the group who answered', example: 9 },
  { name: 'answered', type: 'integer', sql: 'd.answered', nullable: true, description: "Answers, 'don't know' included (partner ratings: one per rated partner)", example: 9 },
  { name: 'option_position', type: 'integer', sql: 'opt.position', nullable: true, description: "Position of the option from 0 at the least favourable; empty for 'don't know'", example: 3 },
  { name: 'option_value', type: 'string', sql: 'opt.value', description: "Stored value of the option, or dont_know", example: 'agree' },
  { name: 'option_label', type: 'string', sql: 'opt.label', description: 'Label shown to respondents', example: 'Agree' },
  { name: 'count', type: 'integer', sql: 'opt.count', nullable: true, description: 'Answers choosing the option', example: 4 },
  { name: 'share', type: 'number', sql: 'round(opt.count::numeric / nullif(d.answered, 0), 4)', nullable: true, description: 'count / answered (0–1, 4 decimals)', example: 0.4444 },
  { name: 'favourable_share', type: 'number', sql: 'd.favourable_share', nullable: true, description: "Of the answers with an opinion, the favourable share (ordered questions)", example: 0.6667 },
  { name: 'neutral_share', type: 'number', sql: 'd.neutral_share', nullable: true, description: 'Of the answers with an opinion, the neutral share', example: 0.1111 },
  { name: 'unfavourable_share', type: 'number', sql: 'd.unfavourable_share', nullable: true, description: 'Of the answers with an opinion, the unfavourable share', example: 0.2222 },
  { name: 'computed_at', type: 'date-time', sql: 'd.computed_at', description: 'When the round was scored', example: '2026-10-01T02:00:00.000Z' },
];

const at = (name: string) => columns.findIndex((c) => c.name === name);
const [ROUND, PERIOD, QUESTION, BREAKDOWN, GROUP, SUPPRESSED] = ['round_id', 'period', 'question_key', 'breakdown', 'group_key', 'suppressed'].map(at);
const WITHHELD = ['respondents', 'answered', 'count', 'share', 'favourable_share', 'neutral_share', 'unfavourable_share'].map(at);

export const DISTRIBUTIONS: ReadModel<DistributionsQuery> = {
  name: 'distributions',
  rowName: 'BiDistributionRow',
  columns,
  from: `question_distribution d JOIN footprint f ON f.id = d.footprint_id JOIN round r ON r.id = d.round_id
    JOIN question q ON q.instrument_id = r.instrument_id AND q.key = d.question_key
    CROSS JOIN LATERAL (
      SELECT (o.position - 1)::int AS position, o.option ->> 'value' AS value, o.option ->> 'label' AS label, d.counts[o.position] AS count
      FROM jsonb_array_elements(q.options) WITH ORDINALITY AS o(option, position)
      UNION ALL SELECT NULL, 'dont_know', 'Don''t know', d.dont_know WHERE q.allow_dont_know
    ) opt`,
  footprintColumn: 'd.footprint_id',
  where(query, params) {
    return [
      ...periodConditions('r.period', query, params),
      ...(query.question?.length ? [`d.question_key = ANY(${params.add(query.question, 'text[]')})`] : []),
      ...(query.breakdown?.length ? [`d.breakdown = ANY(${params.add(query.breakdown, 'text[]')})`] : []),
      ...(query.dimension?.length ? [`q.dimension = ANY(${params.add(query.dimension, 'text[]')})`] : []),
      // Organisation filters keep the groups made of such organisations.
      ...(query.organisationType?.length ? [`d.breakdown = 'organisation_type' AND d.group_key = ANY(${params.add(query.organisationType, 'text[]')})`] : []),
      ...(query.sector?.length
        ? [`((d.breakdown = 'sector' AND d.group_key = ANY(${params.add(query.sector, 'text[]')})) OR (d.breakdown = 'organisation_type' AND ${sectorSql('d.group_key')} = ANY(${params.add(query.sector, 'text[]')})))`]
        : []),
    ];
  },
  sorts: {
    period: {
      keys: [
        { sql: 'r.period', type: 'text' },
        { sql: 'q.position', type: 'int' },
        { sql: 'd.breakdown', type: 'text' },
        { sql: 'd.group_key', type: 'text' },
        { sql: 'coalesce(opt.position, 32767)', type: 'int' },
      ],
      description: "period, question order, breakdown, group, then option ('don't know' last)",
    },
  },
  defaultSort: 'period',
  sources: ['footprint', 'scores', 'instrument'],
  async gate(query, footprint, rows, filters): Promise<RowGate> {
    // The round gate's decisions, the same that the round routes, scores and trends apply.
    const decided = await gateDecisions.load(query, footprint, rows === 'all' ? filters : spanOf(rows));
    return (row) => {
      const withheld = decided.withheld.get(row[ROUND]!);
      if (!withheld || withheld.has(distributionCellKey({ questionKey: row[QUESTION]!, breakdown: row[BREAKDOWN]!, groupKey: row[GROUP]! }))) {
        for (const i of WITHHELD) row[i] = null;
        row[SUPPRESSED] = 'true';
      }
      return row;
    };
  },
};

function spanOf(rows: readonly TextRow[]): { from?: string; to?: string } {
  const periods = rows.map((row) => row[PERIOD]!).sort();
  return periods.length ? { from: periods[0], to: periods[periods.length - 1] } : { from: '9999-Q4', to: '0000-Q1' };
}
