import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { pgErrorCode } from '../database/transactions';
import { InvalidInputError } from '../errors/domain-errors';
import { unreadableText } from '../http/readable-text';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page and how many rows match its filters over every page, for lists whose readers are shown the whole count. */
export interface CountedPage<T> extends Page<T> {
  total: number;
}

/** Position after the last row of a page: its sort key and id, so ties on the key never skip rows. */
interface Position {
  key: string;
  id: string;
}

function encode(position: Position): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const malformedCursor = () => new InvalidInputError('cursor is not a cursor this API issued', [{ field: 'cursor', problem: 'is malformed' }]);

function decode(cursor: string): Position {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && unreadableText(key) === null && typeof id === 'string' && UUID.test(id)) {
      return { key, id };
    }
  } catch {
    // fall through to the error below
  }
  throw malformedCursor();
}

/** The name `paginate` selects an expression sort key under. */
const SORT_KEY = 'pp_sort_key';

/** PostgreSQL's class 22, data exception: a value the column's type cannot take (invalid_datetime_format, numeric_value_out_of_range…). */
const isDataException = (error: unknown) => pgErrorCode(error)?.startsWith('22') ?? false;

/**
 * The sort expression `paginate` takes for a timestamp column: the column to the millisecond. A
 * cursor names a row's time as a JavaScript date, to the millisecond, while now() keeps
 * microseconds, so rows written within one millisecond of the page's last row (every row of one
 * transaction) sat past their own cursor's key: a newest-first list skipped them, an oldest-first
 * one repeated them. To the millisecond they tie on the key, and the id orders them.
 */
export function toTheMillisecond(column: string): string {
  return `date_trunc('milliseconds', ${column})`;
}

/**
 * Keyset pagination over (sortColumn, id): stable under inserts, no OFFSET scans. A timestamp
 * column is sorted through `toTheMillisecond`.
 * `sortColumn` is a trusted expression such as `o.name`; `keyOf` reads the same value from an entity.
 * `direction` DESC serves newest-first feeds such as the audit log.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  sortColumn: string,
  keyOf: (row: T) => string,
  page: PageQuery,
  direction: 'ASC' | 'DESC' = 'ASC',
): Promise<Page<T>> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const alias = query.alias;
  // A query that joins is paged by TypeORM over its entities' ids, ordering that by entity columns
  // (alias.property) or by selected names only: an expression is ordered through a name of its own.
  const column = /^\w+\.\w+$/.test(sortColumn);
  if (!column) query.addSelect(sortColumn, SORT_KEY);
  if (page.cursor) {
    const after = decode(page.cursor);
    const beyond = direction === 'ASC' ? '>' : '<';
    query.andWhere(`(${sortColumn}, ${alias}.id) ${beyond} (:afterKey, :afterId)`, { afterKey: after.key, afterId: after.id });
  }
  // A cursor names its key as text; only the sort column's type can tell whether a forged one is a
  // timestamp or a number, so PostgreSQL's refusal of it is the client's error, not ours.
  const rows = await query
    .orderBy(column ? sortColumn : SORT_KEY, direction)
    .addOrderBy(`${alias}.id`, direction)
    .take(limit + 1)
    .getMany()
    .catch((error: unknown) => {
      throw page.cursor && isDataException(error) ? malformedCursor() : error;
    });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encode({ key: keyOf(last), id: last.id }) : null };
}

/**
 * `paginate`, and the number of rows matching the query's filters over every page: one COUNT of the
 * same query without the cursor's condition, so a reader shows an exact total rather than counting
 * what a capped page holds. Keep it to lists whose filters an index serves.
 */
export async function paginateCounted<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  sortColumn: string,
  keyOf: (row: T) => string,
  page: PageQuery,
  direction: 'ASC' | 'DESC' = 'ASC',
): Promise<CountedPage<T>> {
  // Cloned before paginate adds the cursor's condition and the ordering.
  const counting = query.clone();
  const [total, rows] = await Promise.all([counting.getCount(), paginate(query, sortColumn, keyOf, page, direction)]);
  return { ...rows, total };
}
