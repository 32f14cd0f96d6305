import { ApiProperty } from '@nestjs/swagger';
import { InvalidInputError } from '@pp/core';

/**
 * The types a BI column can have. JSON and NDJSON carry them as JSON types; CSV as text:
 * integers and numbers in plain decimal notation, booleans as `true`/`false`, dates as
 * YYYY-MM-DD, date-times as ISO 8601 in UTC with milliseconds, null as an empty field.
 */
export type ColumnType = 'string' | 'uuid' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time';

/** One column of a read model: the same name, order and type in JSON, NDJSON and CSV. */
export interface Column {
  name: string;
  type: ColumnType;
  /** SQL expression over the read model's FROM clause. */
  sql: string;
  description: string;
  example: string | number | boolean | null;
  nullable?: boolean;
  enum?: readonly string[];
  /**
   * Set by the anonymity gate to say the row's statistics are withheld (`suppressed`, …): part of
   * every choice of columns, so an empty value always reads as withheld, never as merely missing.
   */
  gateMark?: true;
}

/** A row as PostgreSQL sends it in text form (COPY or a text-mode query): one string or null per column. */
export type TextRow = (string | null)[];

/** How a column is selected, so that COPY and ordinary queries return the same text. */
export function selectExpression(column: Column): string {
  switch (column.type) {
    case 'date-time':
      return `to_char((${column.sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'date':
      return `to_char(${column.sql}, 'YYYY-MM-DD')`;
    case 'boolean':
      return `CASE WHEN ${column.sql} THEN 'true' WHEN NOT ${column.sql} THEN 'false' END`;
    default:
      return `(${column.sql})::text`;
  }
}

export function selectList(columns: readonly Column[]): string {
  return columns.map((column) => `${selectExpression(column)} AS "${column.name}"`).join(',\n  ');
}

/**
 * The positions of the columns a query chose (`columns=a,b`), in the read model's order whatever
 * the order asked, with every column the gate marks added; undefined (every column) when none was
 * chosen. Choosing only picks from the gated row: a subset cannot show what the gate withheld.
 */
export function chooseColumns(columns: readonly Column[], names: readonly string[] | undefined): number[] | undefined {
  if (names === undefined) return undefined;
  const known = new Set(columns.map((c) => c.name));
  const unknown = [...new Set(names.filter((name) => !known.has(name)))];
  if (unknown.length > 0) {
    const problem = `has unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; this endpoint's columns are ${[...known].join(', ')}`;
    throw new InvalidInputError(`columns ${problem}`, [{ field: 'columns', problem }]);
  }
  const chosen = new Set(names);
  const indexes: number[] = [];
  columns.forEach((column, i) => {
    if (chosen.has(column.name) || column.gateMark) indexes.push(i);
  });
  return indexes;
}

/** A row cut down to the chosen columns. */
export function pick(row: TextRow, indexes: readonly number[]): TextRow {
  const picked: TextRow = new Array(indexes.length);
  for (let i = 0; i < indexes.length; i++) picked[i] = row[indexes[i]!] ?? null;
  return picked;
}

export type JsonValue = string | number | boolean | null;

/** The JSON value of a column's text. Non-finite floats (NaN from an empty sample) become null. */
export function jsonValue(type: ColumnType, text: string | null): JsonValue {
  if (text === null) return null;
  switch (type) {
    case 'integer':
    case 'number': {
      const value = Number(text);
      return Number.isFinite(value) ? value : null;
    }
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}

export function toObject(columns: readonly Column[], row: TextRow): Record<string, JsonValue> {
  const object: Record<string, JsonValue> = {};
  for (let i = 0; i < columns.length; i++) object[columns[i]!.name] = jsonValue(columns[i]!.type, row[i] ?? null);
  return object;
}

const OPENAPI_TYPES: Record<ColumnType, { type: 'string' | 'integer' | 'number' | 'boolean'; format?: string }> = {
  string: { type: 'string' },
  uuid: { type: 'string', format: 'uuid' },
  integer: { type: 'integer' },
  number: { type: 'number', format: 'double' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  'date-time': { type: 'string', format: 'date-time' },
};

export function openApiType(type: ColumnType): { type: 'string' | 'integer' | 'number' | 'boolean'; format?: string } {
  return OPENAPI_TYPES[type];
}

/**
 * A class the OpenAPI document names as the row schema (`ScoreRow`), built from the columns so
 * that the document, the exports and docs/bi.md cannot disagree on a name, type or order.
 */
export function rowSchema(name: string, columns: readonly Column[]): new () => object {
  const schema = { [name]: class {} }[name]!;
  for (const column of columns) {
    ApiProperty({
      ...openApiType(column.type),
      description: column.description,
      example: column.example,
      nullable: column.nullable ?? false,
      required: true,
      ...(column.enum ? { enum: [...column.enum] } : {}),
    })(schema.prototype, column.name);
  }
  return schema;
}
