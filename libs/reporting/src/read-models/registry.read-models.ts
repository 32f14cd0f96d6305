import { FOOTPRINT_KINDS, NATIONS } from '@pp/registry';
import type { MembersQuery } from '../dto/list-queries';
import type { BiQuery } from '../dto/bi-query';
import type { Column } from './columns';
import type { Params, ReadModel } from './read-model';
import { footprintColumns, organisationColumns, sectorColumn, sectorSql } from './shared-columns';

export const FOOTPRINTS: ReadModel<BiQuery> = {
  name: 'footprints',
  rowName: 'BiFootprintRow',
  columns: [
    { name: 'footprint_id', type: 'uuid', sql: 'f.id', description: 'Id of the footprint in this API', example: '3f0c9a4e-8d1b-4c59-9a47-0c2f4b7e6d11' },
    ...footprintColumns,
    { name: 'kind', type: 'string', sql: 'f.kind::text', enum: FOOTPRINT_KINDS, description: 'STP, ICS, HSCP (Scotland) or RPB (Wales)', example: 'ICS' },
    { name: 'nation', type: 'string', sql: 'f.nation::text', enum: NATIONS, description: 'Nation of the footprint', example: 'england' },
    { name: 'region_code', type: 'string', sql: 'f.region_code', nullable: true, description: 'NHS England region: ONS (E40…) or ODS (Y…) code', example: 'E40000010' },
    { name: 'region_name', type: 'string', sql: 'f.region_name', description: 'Region name', example: 'North West' },
    { name: 'anonymity_threshold', type: 'integer', sql: 'f.anonymity_threshold', description: 'k: aggregates of fewer respondents are suppressed', example: 5 },
    { name: 'archived_at', type: 'date-time', sql: 'f.archived_at', nullable: true, description: 'When the footprint was archived; its history stays readable', example: null },
    { name: 'updated_at', type: 'date-time', sql: 'f.updated_at', description: 'Last change to the footprint', example: '2026-07-01T09:30:00.000Z' },
  ],
  from: 'footprint f',
  footprintColumn: 'f.id',
  where: () => [],
  sorts: { code: { keys: [{ sql: 'f.id', type: 'uuid' }], description: 'footprint code' } },
  defaultSort: 'code',
  sources: ['footprint'],
};

/** Organisation type and sector filters on the organisation joined as `alias`. */
export function organisationConditions(alias: string, query: { organisationType?: string[]; sector?: string[] }, params: Params): string[] {
  return [
    ...(query.organisationType?.length ? [`${alias}.type::text = ANY(${params.add(query.organisationType, 'text[]')})`] : []),
    ...(query.sector?.length ? [`${sectorSql(`${alias}.type`)} = ANY(${params.add(query.sector, 'text[]')})`] : []),
  ];
}

/** First and last day of the quarters `from` and `to`, for date columns. */
export function quarterBounds(query: { from?: string; to?: string }): { start?: string; end?: string } {
  const day = (period: string, last: boolean) => {
    const year = Number(period.slice(0, 4));
    const quarter = Number(period.slice(6));
    return new Date(Date.UTC(year, last ? quarter * 3 : (quarter - 1) * 3, last ? 0 : 1)).toISOString().slice(0, 10);
  };
  return { start: query.from ? day(query.from, false) : undefined, end: query.to ? day(query.to, true) : undefined };
}

const memberColumns: Column[] = [
  ...footprintColumns,
  { name: 'organisation_id', type: 'uuid', sql: 'o.id', description: 'Id of the organisation in this API', example: '7d2e4f10-5b6a-4c3d-8e9f-0a1b2c3d4e5f' },
  ...organisationColumns('o', 'organisation', false, 'the member organisation'),
  { name: 'code_system', type: 'string', sql: 'o.code_system::text', enum: ['ods', 'ons'], description: 'Which register the organisation code is from', example: 'ons' },
  sectorColumn('sector', sectorSql('o.type'), false, 'the member organisation'),
  { name: 'member_from', type: 'date', sql: 'm.member_from', description: 'First day of the membership', example: '2022-07-01' },
  { name: 'member_to', type: 'date', sql: 'm.member_to', nullable: true, description: 'Last day of the membership; empty while it lasts', example: null },
];

export const MEMBERS: ReadModel<MembersQuery> = {
  name: 'members',
  rowName: 'BiMemberRow',
  columns: memberColumns,
  from: 'membership m JOIN footprint f ON f.id = m.footprint_id JOIN organisation o ON o.id = m.organisation_id',
  footprintColumn: 'm.footprint_id',
  where(query, params) {
    // Memberships that overlap the quarters asked for.
    const { start, end } = quarterBounds(query);
    return [
      ...(start ? [`(m.member_to IS NULL OR m.member_to >= ${params.add(start, 'date')})`] : []),
      ...(end ? [`m.member_from <= ${params.add(end, 'date')}`] : []),
      ...organisationConditions('o', query, params),
    ];
  },
  sorts: {
    organisation: {
      keys: [
        { sql: 'o.code', type: 'text' },
        { sql: 'm.member_from', type: 'date' },
        { sql: 'm.id', type: 'uuid' },
      ],
      description: 'organisation code, then membership start',
    },
  },
  defaultSort: 'organisation',
  sources: ['footprint', 'organisation', 'membership'],
};
