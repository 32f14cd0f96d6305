import { ALERT_STATUSES, alertScoreKey, RESOLUTIONS, RULE_KINDS, SEVERITIES } from '@pp/alerts';
import { gateDecisions as scoreDecisions, PARTNER_RATING, reverseScoreKey as reverseKey } from '@pp/scoring';
import type { AlertsQuery } from '../dto/list-queries';
import type { Column } from './columns';
import type { ReadModel, RowGate } from './read-model';
import { span } from './score.read-models';
import { footprintColumns, periodColumn, periodConditions } from './shared-columns';

const columns: Column[] = [
  ...footprintColumns,
  periodColumn('a.period'),
  { name: 'round_id', type: 'uuid', sql: 'a.round_id', description: 'The round whose scores raised the alert', example: '0e4b6f5a-2c1d-4e3f-9a8b-7c6d5e4f3a2b' },
  { name: 'alert_id', type: 'uuid', sql: 'a.id', description: 'Id of the alert in this API', example: '5c1f2e3d-4b5a-4697-8a8b-9c0d1e2f3a4b' },
  { name: 'kind', type: 'string', sql: 'a.kind', enum: RULE_KINDS, description: 'The rule that raised it', example: 'dyad_decline' },
  { name: 'severity', type: 'string', sql: 'a.severity', enum: SEVERITIES, description: 'info, warning or critical', example: 'warning' },
  { name: 'status', type: 'string', sql: 'a.status', enum: ALERT_STATUSES, description: 'open → acknowledged → resolved', example: 'open' },
  { name: 'suppressed', type: 'boolean', sql: 'false', description: 'About a score the anonymity gate withholds: subject and summary are empty', example: false, gateMark: true },
  { name: 'subject', type: 'string', sql: 'a.subject', nullable: true, description: "What it is about: footprint, dimension:<key>, dyad:<rater id>><rated id>, sector_pair:<from>><to>, organisation:<id>", example: 'dimension:trust' },
  { name: 'subject_label', type: 'string', sql: 'a.subject_label', nullable: true, description: 'The subject in words', example: 'Dimension Trust' },
  { name: 'summary', type: 'string', sql: 'a.summary', nullable: true, description: 'What happened, with its figures', example: 'Dimension Trust is in concern at 46.2' },
  { name: 'raised_at', type: 'date-time', sql: 'a.raised_at', description: 'When it was raised', example: '2026-10-01T02:05:00.000Z' },
  { name: 'acknowledged_at', type: 'date-time', sql: 'a.acknowledged_at', nullable: true, description: 'When a lead acknowledged it', example: null },
  { name: 'resolved_at', type: 'date-time', sql: 'a.resolved_at', nullable: true, description: 'When it was resolved', example: null },
  { name: 'resolution', type: 'string', sql: 'a.resolution', enum: RESOLUTIONS, nullable: true, description: 'cleared (by a later round) or manual', example: null },
];

const at = (name: string) => columns.findIndex((c) => c.name === name);
const [ROUND, SUBJECT, SUPPRESSED] = ['round_id', 'subject', 'suppressed'].map(at) as [number, number, number];
const WITHHELD = ['subject', 'subject_label', 'summary'].map(at);

export const ALERTS: ReadModel<AlertsQuery> = {
  name: 'alerts',
  rowName: 'BiAlertRow',
  columns,
  from: 'alert a JOIN footprint f ON f.id = a.footprint_id',
  footprintColumn: 'a.footprint_id',
  where: (query, params) => [
    ...periodConditions('a.period', query, params),
    ...(query.status?.length ? [`a.status = ANY(${params.add(query.status, 'text[]')})`] : []),
    ...(query.kind?.length ? [`a.kind = ANY(${params.add(query.kind, 'text[]')})`] : []),
    ...(query.severity?.length ? [`a.severity = ANY(${params.add(query.severity, 'text[]')})`] : []),
  ],
  sorts: {
    raised: {
      keys: [
        { sql: 'a.raised_at', type: 'timestamptz' },
        { sql: 'a.id', type: 'uuid' },
      ],
      description: 'when raised',
    },
  },
  defaultSort: 'raised',
  sources: ['footprint', 'alerts', 'scores'],
  async gate(query, footprint, rows, filters): Promise<RowGate> {
    const decided = await scoreDecisions.load(query, footprint, span(columns, rows, filters));
    return (row) => {
      const key = alertScoreKey(row[SUBJECT]!);
      if (key === null) return row;
      const withheld = decided.withheld.get(row[ROUND]!);
      const reverse = reverseKey({ scope: key.split('|')[0]!, subject: key.split('|')[1]!, measure: PARTNER_RATING });
      // A gap alert subtracts the reverse direction: it is withheld with either.
      if (!withheld || withheld.has(key) || (row[SUBJECT]!.startsWith('sector_pair:') && reverse && withheld.has(reverse))) {
        for (const i of WITHHELD) row[i] = null;
        row[SUPPRESSED] = 'true';
      }
      return row;
    };
  },
};
