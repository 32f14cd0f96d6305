import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidInputError } from '../errors/domain-errors';

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

/** Position after the last row of a page: its sort key and id, so ties on the key never skip rows. */
interface Position {
  key: string;
  id: string;
}

function encode(position: Position): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

function decode(cursor: string): Position {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { key, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('cursor is not a cursor this API issued', [{ field: 'cursor', problem: 'is malformed' }]);
}

/**
 * Keyset pagination over (sortColumn, id): stable under inserts, no OFFSET scans.
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
  if (page.cursor) {
    const after = decode(page.cursor);
    const beyond = direction === 'ASC' ? '>' : '<';
    query.andWhere(`(${sortColumn}, ${alias}.id) ${beyond} (:afterKey, :afterId)`, { afterKey: after.key, afterId: after.id });
  }
  const rows = await query.orderBy(sortColumn, direction).addOrderBy(`${alias}.id`, direction).take(limit + 1).getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encode({ key: keyOf(last), id: last.id }) : null };
}
