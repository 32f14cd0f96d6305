import { ORGANISATION_TYPES, SECTORS, sectorOf } from '@pp/registry';
import type { Column } from './columns';
import type { Params } from './read-model';

/** The sector of an organisation type, in SQL: sectorOf() of @pp/registry as a CASE. */
export function sectorSql(typeExpression: string): string {
  return `CASE ${typeExpression}::text ${ORGANISATION_TYPES.map((type) => `WHEN '${type}' THEN '${sectorOf(type)}'`).join(' ')} END`;
}

export const footprintColumns: readonly Column[] = [
  { name: 'footprint_code', type: 'string', sql: 'f.code', description: 'ONS code of the footprint (E54…, S37…, W11…) or ODS code of its ICB', example: 'E54000008' },
  { name: 'footprint_name', type: 'string', sql: 'f.name', description: 'Name of the footprint', example: 'Cheshire and Merseyside' },
];

export const periodColumn = (sql: string): Column => ({ name: 'period', type: 'string', sql, description: 'Calendar quarter of the round, YYYY-Qn', example: '2026-Q3' });

/** Columns describing one organisation, joined as `alias`; prefix names the role (organisation, partner). */
export function organisationColumns(alias: string, prefix: 'organisation' | 'partner_organisation', nullable: boolean, what: string): Column[] {
  return [
    { name: `${prefix}_code`, type: 'string', sql: `${alias}.code`, nullable, description: `ODS code (NHS) or ONS code (councils) of ${what}`, example: 'E08000015' },
    { name: `${prefix}_name`, type: 'string', sql: `${alias}.name`, nullable, description: `Name of ${what}`, example: 'Wirral Metropolitan Borough Council' },
    { name: `${prefix}_type`, type: 'string', sql: `${alias}.type::text`, nullable, enum: ORGANISATION_TYPES, description: `Type of ${what}`, example: 'metropolitan_borough' },
  ];
}

export const sectorColumn = (name: string, sql: string, nullable: boolean, what: string): Column => ({
  name,
  type: 'string',
  sql,
  nullable,
  enum: SECTORS,
  description: `Sector of ${what}, derived from its type`,
  example: 'local_government',
});

/** `column BETWEEN from AND to` for period text columns (YYYY-Qn sorts as text). */
export function periodConditions(column: string, query: { from?: string; to?: string }, params: Params): string[] {
  return [
    ...(query.from ? [`${column} >= ${params.add(query.from, 'text')}`] : []),
    ...(query.to ? [`${column} <= ${params.add(query.to, 'text')}`] : []),
  ];
}
