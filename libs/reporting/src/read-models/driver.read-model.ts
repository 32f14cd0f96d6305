import { DRIVER_CLASSES, DRIVER_KINDS, driverCellKey, gateDecisions as decisions } from '@pp/scoring';
import type { DriversQuery } from '../dto/score-queries';
import type { Column } from './columns';
import type { FootprintInScope, Params, ReadModel, RowGate, TextQuery } from './read-model';
import { span } from './score.read-models';
import { footprintColumns, periodColumn, periodConditions } from './shared-columns';

const columns: Column[] = [
  ...footprintColumns,
  periodColumn('d.period'),
  { name: 'round_id', type: 'uuid', sql: 'd.round_id', description: 'Id of the round in this API', example: '0e4b6f5a-2c1d-4e3f-9a8b-7c6d5e4f3a2b' },
  { name: 'outcome', type: 'string', sql: 'd.outcome', description: 'Question key of the overall relationship item the drivers explain', example: 'trust_nhs_council' },
  { name: 'kind', type: 'string', sql: 'd.kind', enum: DRIVER_KINDS, description: 'dimension or item', example: 'dimension' },
  { name: 'driver', type: 'string', sql: 'd.key', description: 'The dimension key, or the item’s question key', example: 'communication' },
  { name: 'dimension', type: 'string', sql: 'd.dimension', nullable: true, description: 'An item’s dimension; empty for a dimension', example: null },
  {
    name: 'correlation_suppressed',
    type: 'boolean',
    sql: 'false',
    description: 'The correlation, its CI and the mean withheld by the anonymity gate (fewer than k respondents scored the driver and the outcome)',
    example: false,
    gateMark: true,
  },
  { name: 'respondents', type: 'integer', sql: 'd.respondents', nullable: true, description: 'Respondents who scored both the driver and the outcome', example: 18 },
  { name: 'mean', type: 'number', sql: 'd.mean', nullable: true, description: 'The driver’s mean on 0–100: a dimension’s footprint score, an item’s mean over everyone who scored it', example: 61.1 },
  { name: 'correlation', type: 'number', sql: 'd.correlation', nullable: true, description: 'Pearson’s r with the outcome', example: 0.62 },
  { name: 'ci_lower', type: 'number', sql: 'd.ci_lower', nullable: true, description: 'Lower end of r’s 95% confidence interval (Fisher’s z)', example: 0.22 },
  { name: 'ci_upper', type: 'number', sql: 'd.ci_upper', nullable: true, description: 'Upper end of r’s 95% confidence interval (Fisher’s z)', example: 0.84 },
  {
    name: 'importance_suppressed',
    type: 'boolean',
    sql: 'false',
    description: 'The relative weight, R², share and class withheld by the anonymity gate (fewer than k respondents scored the outcome and every driver of this kind)',
    example: false,
    gateMark: true,
  },
  { name: 'model_respondents', type: 'integer', sql: 'd.model_respondents', nullable: true, description: 'Respondents who scored the outcome and every driver of this kind', example: 18 },
  { name: 'r_squared', type: 'number', sql: 'd.r_squared', nullable: true, description: 'Variance of the outcome explained by every driver of this kind together', example: 0.54 },
  { name: 'relative_weight', type: 'number', sql: 'd.relative_weight', nullable: true, description: 'Raw relative weight (Johnson 2000); the weights of one kind sum to r_squared', example: 0.19 },
  { name: 'importance', type: 'number', sql: 'd.importance', nullable: true, description: 'relative_weight / r_squared, 0–1', example: 0.35 },
  { name: 'class', type: 'string', sql: 'd.class', enum: DRIVER_CLASSES, nullable: true, description: 'Dimensions: priority, strength or neither (docs/scoring.md, Key drivers); empty for items', example: 'priority' },
  { name: 'computed_at', type: 'date-time', sql: 'd.computed_at', description: 'When the round was scored', example: '2026-10-01T02:00:00.000Z' },
];

const at = (name: string) => columns.findIndex((c) => c.name === name);
const [ROUND, KIND, DRIVER, CORRELATION_SUPPRESSED, IMPORTANCE_SUPPRESSED] = ['round_id', 'kind', 'driver', 'correlation_suppressed', 'importance_suppressed'].map(at);
const CORRELATION_FIGURES = ['respondents', 'mean', 'correlation', 'ci_lower', 'ci_upper'].map(at);
const IMPORTANCE_FIGURES = ['model_respondents', 'r_squared', 'relative_weight', 'importance', 'class'].map(at);

export const DRIVERS: ReadModel<DriversQuery> = {
  name: 'drivers',
  rowName: 'BiDriverRow',
  columns,
  from: 'key_driver d JOIN footprint f ON f.id = d.footprint_id',
  footprintColumn: 'd.footprint_id',
  where: (query: DriversQuery, params: Params) => [
    ...periodConditions('d.period', query, params),
    ...(query.kind?.length ? [`d.kind = ANY(${params.add(query.kind, 'text[]')})`] : []),
  ],
  sorts: {
    period: {
      keys: [
        { sql: 'd.period', type: 'text' },
        { sql: 'd.kind', type: 'text' },
        { sql: 'd.key', type: 'text' },
      ],
      description: 'period, then kind, then driver',
    },
  },
  defaultSort: 'period',
  sources: ['footprint', 'scores'],
  async gate(query: TextQuery, footprint: FootprintInScope, rows, filters): Promise<RowGate> {
    const decided = await decisions.load(query, footprint, span(columns, rows, filters));
    return (row) => {
      const withheld = decided.withheld.get(row[ROUND!]!);
      const cell = { kind: row[KIND!]!, key: row[DRIVER!]! };
      const blank = (figures: number[], suppressed: number) => {
        for (const i of figures) row[i] = null;
        row[suppressed] = 'true';
      };
      if (!withheld || withheld.has(driverCellKey({ ...cell, figure: 'correlation' }))) blank(CORRELATION_FIGURES, CORRELATION_SUPPRESSED!);
      if (!withheld || withheld.has(driverCellKey({ ...cell, figure: 'weight' }))) blank(IMPORTANCE_FIGURES, IMPORTANCE_SUPPRESSED!);
      return row;
    };
  },
};
