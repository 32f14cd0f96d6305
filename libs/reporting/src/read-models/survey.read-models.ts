import { QUESTION_TYPES, ROUND_STATUSES } from '@pp/surveys';
import type { InstrumentsQuery, ResponseRatesQuery, RoundsQuery } from '../dto/list-queries';
import type { ReadModel } from './read-model';
import { organisationConditions } from './registry.read-models';
import { footprintColumns, organisationColumns, periodColumn, periodConditions, sectorColumn, sectorSql } from './shared-columns';

/** respondents / expected, or null when nobody was expected. */
const rate = (respondents: string, expected: string) => `round(${respondents}::numeric / nullif(${expected}, 0), 4)`;

export const ROUNDS: ReadModel<RoundsQuery> = {
  name: 'rounds',
  rowName: 'BiRoundRow',
  columns: [
    ...footprintColumns,
    periodColumn('r.period'),
    { name: 'round_id', type: 'uuid', sql: 'r.id', description: 'Id of the round in this API', example: '0e4b6f5a-2c1d-4e3f-9a8b-7c6d5e4f3a2b' },
    { name: 'status', type: 'string', sql: 'r.status', enum: ROUND_STATUSES, description: 'draft → open → closed → scored', example: 'scored' },
    { name: 'instrument_key', type: 'string', sql: 'i.key', description: 'Instrument the round asked', example: 'relationship-health-pulse' },
    { name: 'instrument_version', type: 'integer', sql: 'i.version', description: 'Version of that instrument', example: 1 },
    { name: 'opens_at', type: 'date-time', sql: 'r.opens_at', description: 'Scheduled opening', example: '2026-07-01T00:00:00.000Z' },
    { name: 'closes_at', type: 'date-time', sql: 'r.closes_at', description: 'Scheduled close', example: '2026-07-29T00:00:00.000Z' },
    { name: 'closed_at', type: 'date-time', sql: 'r.closed_at', nullable: true, description: 'When the round closed', example: '2026-07-29T00:00:05.000Z' },
    { name: 'scored_at', type: 'date-time', sql: 'r.scored_at', nullable: true, description: 'When its final scores were computed', example: '2026-07-29T00:01:10.000Z' },
    { name: 'organisations_invited', type: 'integer', sql: 'inv.organisations', description: 'Member organisations invited', example: 14 },
    { name: 'organisations_responded', type: 'integer', sql: 'inv.responded', description: 'Invited organisations with at least one response', example: 11 },
    { name: 'respondents', type: 'integer', sql: 'inv.respondents', description: 'Responses from invited organisations', example: 42 },
    { name: 'expected_respondents', type: 'integer', sql: 'inv.expected', description: 'Respondents hoped for, summed over the invitations', example: 70 },
    { name: 'response_rate', type: 'number', sql: rate('inv.respondents', 'inv.expected'), nullable: true, description: 'respondents / expected_respondents (0–1, 4 decimals)', example: 0.6 },
  ],
  from: `round r JOIN footprint f ON f.id = r.footprint_id JOIN instrument i ON i.id = r.instrument_id
    CROSS JOIN LATERAL (
      SELECT count(*) AS organisations, count(*) FILTER (WHERE x.respondents > 0) AS responded,
        coalesce(sum(x.respondents), 0) AS respondents, coalesce(sum(x.expected_respondents), 0) AS expected
      FROM (SELECT iv.expected_respondents, (SELECT count(*) FROM response s WHERE s.round_id = iv.round_id AND s.organisation_id = iv.organisation_id) AS respondents
            FROM invitation iv WHERE iv.round_id = r.id) x
    ) inv`,
  footprintColumn: 'r.footprint_id',
  where: (query, params) => [...periodConditions('r.period', query, params), ...(query.status?.length ? [`r.status = ANY(${params.add(query.status, 'text[]')})`] : [])],
  sorts: { period: { keys: [{ sql: 'r.period', type: 'text' }], description: 'period' } },
  defaultSort: 'period',
  sources: ['footprint', 'round', 'responses', 'instrument'],
};

export const RESPONSE_RATES: ReadModel<ResponseRatesQuery> = {
  name: 'response-rates',
  rowName: 'BiResponseRateRow',
  columns: [
    ...footprintColumns,
    periodColumn('r.period'),
    { name: 'round_id', type: 'uuid', sql: 'r.id', description: 'Id of the round in this API', example: '0e4b6f5a-2c1d-4e3f-9a8b-7c6d5e4f3a2b' },
    { name: 'status', type: 'string', sql: 'r.status', enum: ROUND_STATUSES, description: 'Status of the round', example: 'open' },
    ...organisationColumns('o', 'organisation', false, 'the invited organisation'),
    sectorColumn('sector', sectorSql('o.type'), false, 'the invited organisation'),
    { name: 'respondents', type: 'integer', sql: 'x.respondents', description: 'Responses from the organisation (participation, not answers)', example: 3 },
    { name: 'expected_respondents', type: 'integer', sql: 'iv.expected_respondents', description: 'Respondents hoped for from the organisation', example: 5 },
    { name: 'response_rate', type: 'number', sql: rate('x.respondents', 'iv.expected_respondents'), nullable: true, description: 'respondents / expected_respondents (0–1, 4 decimals)', example: 0.6 },
  ],
  from: `invitation iv JOIN round r ON r.id = iv.round_id JOIN footprint f ON f.id = iv.footprint_id JOIN organisation o ON o.id = iv.organisation_id
    CROSS JOIN LATERAL (SELECT count(*) AS respondents FROM response s WHERE s.round_id = iv.round_id AND s.organisation_id = iv.organisation_id) x`,
  footprintColumn: 'iv.footprint_id',
  where: (query, params) => [...periodConditions('r.period', query, params), ...organisationConditions('o', query, params)],
  sorts: {
    period: {
      keys: [
        { sql: 'r.period', type: 'text' },
        { sql: 'o.code', type: 'text' },
      ],
      description: 'period, then organisation code',
    },
  },
  defaultSort: 'period',
  sources: ['footprint', 'organisation', 'round', 'responses'],
};

/**
 * Yes/no, scale and partner-rating options score 100·i/(m−1), reversed items flipped; others are
 * unscored. In double precision as scoreOption() computes it, unrounded: a third is 33.333333333333336, not 33.3333.
 */
const optionScore = `CASE WHEN q.type IN ('scale', 'yes_no', 'partner_rating') AND jsonb_array_length(q.options) > 1 THEN
    (CASE WHEN q.reversed THEN 100 - (100 * (opt.position - 1))::float8 / (jsonb_array_length(q.options) - 1)
      ELSE (100 * (opt.position - 1))::float8 / (jsonb_array_length(q.options) - 1) END) END`;

export const INSTRUMENTS: ReadModel<InstrumentsQuery> = {
  name: 'instruments',
  rowName: 'BiInstrumentRow',
  columns: [
    { name: 'instrument_key', type: 'string', sql: 'i.key', description: 'Names the instrument across its versions', example: 'relationship-health-pulse' },
    { name: 'instrument_version', type: 'integer', sql: 'i.version', description: 'Version; immutable once a round used it', example: 1 },
    { name: 'instrument_name', type: 'string', sql: 'i.name', description: 'Name of the instrument', example: 'Relationship Health Pulse' },
    { name: 'is_default', type: 'boolean', sql: 'i.is_default', description: 'The instrument new rounds get when none is named', example: true },
    { name: 'locked_at', type: 'date-time', sql: 'i.locked_at', nullable: true, description: 'When a round first used this version', example: '2026-07-01T00:00:00.000Z' },
    { name: 'question_position', type: 'integer', sql: 'q.position', description: 'Order in which the question is asked, from 0', example: 0 },
    { name: 'question_key', type: 'string', sql: 'q.key', description: 'Key of the question (joins question distributions)', example: 'trust_commitments' },
    { name: 'question_text', type: 'string', sql: 'q.text', description: 'Wording of the question', example: 'Partners deliver on what they commit to.' },
    { name: 'question_type', type: 'string', sql: 'q.type', enum: QUESTION_TYPES, description: 'scale, yes_no, single_choice, partner_rating or free_text', example: 'scale' },
    { name: 'dimension', type: 'string', sql: 'q.dimension', nullable: true, description: 'Dimension the item is scored into', example: 'trust' },
    { name: 'reversed', type: 'boolean', sql: 'q.reversed', description: 'Agreeing is unfavourable: scores are flipped', example: false },
    { name: 'allow_dont_know', type: 'boolean', sql: 'q.allow_dont_know', description: "Offers 'don't know' (never scored)", example: true },
    { name: 'option_position', type: 'integer', sql: 'opt.position - 1', nullable: true, description: 'Position of the option, from 0 at the least favourable; empty for free text', example: 3 },
    { name: 'option_value', type: 'string', sql: "opt.option ->> 'value'", nullable: true, description: 'Stored value of the option', example: 'agree' },
    { name: 'option_label', type: 'string', sql: "opt.option ->> 'label'", nullable: true, description: 'Label shown to respondents', example: 'Agree' },
    { name: 'option_score', type: 'number', sql: optionScore, nullable: true, description: 'Score of the option on 0–100; empty for unscored questions', example: 75 },
  ],
  from: `instrument i JOIN question q ON q.instrument_id = i.id
    LEFT JOIN LATERAL jsonb_array_elements(q.options) WITH ORDINALITY AS opt(option, position) ON true`,
  footprintColumn: null,
  where: (query, params) => [
    ...(query.instrument ? [`i.key = ${params.add(query.instrument, 'text')}`] : []),
    ...(query.used === undefined ? [] : [query.used ? 'i.locked_at IS NOT NULL' : 'i.locked_at IS NULL']),
  ],
  sorts: {
    question: {
      keys: [
        { sql: 'i.key', type: 'text' },
        { sql: 'i.version', type: 'int' },
        { sql: 'q.position', type: 'int' },
        { sql: 'coalesce(opt.position, 0)', type: 'bigint' },
      ],
      description: 'instrument, version, question position, option position',
    },
  },
  defaultSort: 'question',
  sources: ['instrument'],
};
