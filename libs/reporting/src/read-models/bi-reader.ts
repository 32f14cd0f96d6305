import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, poolOf } from '@pp/core';
import type { Scope } from '@pp/identity';
import { anonymityThreshold } from '@pp/scoring';
import type { Pool, PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { ReadQuery } from '../dto/bi-query';
import { DEFAULT_BI_PAGE_SIZE } from '../dto/bi-query';
import { CopyTextRows } from '../export/copy-rows';
import { chooseColumns, type Column, type JsonValue, pick, selectList, type TextRow, toObject } from './columns';
import { decodeCursor, encodeCursor, malformedCursor, type Position } from './cursor';
import { type FootprintInScope, Params, type ReadModel, type SortOrder, type TextQuery, type VersionSource } from './read-model';

/** Every value as PostgreSQL's text, so pages and COPY exports go through the same conversions. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/** A page of rows as JSON objects, and the cursor of the next page. */
export interface RowPage {
  items: Record<string, JsonValue>[];
  nextCursor: string | null;
}

export const EXPORT_APPLICATION_NAME = 'pulse-bi-export';

/** Rows that belong to no footprint are read as one pseudo-footprint. */
const NO_FOOTPRINT: FootprintInScope = { id: '', code: '', anonymityThreshold: 0 };

const VERSION_SQL: Record<VersionSource, string> = {
  footprint: `SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM footprint WHERE id = ANY($1::uuid[])`,
  organisation: `SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM organisation`,
  membership: `SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM membership WHERE footprint_id = ANY($1::uuid[])`,
  round: `SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM round WHERE footprint_id = ANY($1::uuid[])`,
  responses: `SELECT (SELECT count(*) || ':' || coalesce(max(submitted_at)::text, '') || ':' || coalesce(sum(revision), 0) FROM response WHERE footprint_id = ANY($1::uuid[]))
    || '/' || (SELECT count(*) || ':' || coalesce(sum(expected_respondents), 0) FROM invitation WHERE footprint_id = ANY($1::uuid[]))`,
  scores: `SELECT count(*) || ':' || coalesce(max(computed_at)::text, '') FROM round_scoring WHERE footprint_id = ANY($1::uuid[])`,
  alerts: `SELECT count(*) || ':' || coalesce(max(greatest(raised_at, acknowledged_at, resolved_at))::text, '') FROM alert WHERE footprint_id = ANY($1::uuid[])`,
  actions: `SELECT count(*) || ':' || coalesce(max(greatest(updated_at, reminded_at))::text, '') FROM action_plan WHERE footprint_id = ANY($1::uuid[])`,
  instrument: `SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM instrument`,
};

/** `$n::type` becomes a transaction-local setting: COPY takes no bind parameters, settings carry them safely. */
function fromSettings(sql: string): string {
  return sql.replace(/\$(\d+)::/g, (_match, n: string) => `current_setting('pp_bi.p${n}')::`);
}

interface Order {
  sort: SortOrder;
  descending: boolean;
}

/**
 * Reads BI read models for the footprints the caller may see: a page as JSON, or the whole result
 * as a stream of text rows from `COPY … TO STDOUT` on a connection of its own, in one
 * repeatable-read snapshot so the gate and the rows it judges agree.
 */
@Injectable()
export class BiReader {
  private readonly logger = new Logger('BiReader');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get pool(): Pool {
    return poolOf(this.dataSource);
  }

  async page<Q extends ReadQuery>(model: ReadModel<Q>, query: Q, scope: Scope): Promise<RowPage> {
    const order = this.order(model, query);
    const keyCount = order.sort.keys.length;
    const after: Position | undefined = query.cursor ? decodeCursor(query.cursor, keyCount) : undefined;
    const limit = query.limit ?? DEFAULT_BI_PAGE_SIZE;
    const chosen = chooseColumns(model.columns, query.columns);
    const columns = this.columns(model, query);
    return inSnapshot(this.pool, async (client) => {
      const run = textQuery(client);
      const rows: { footprint: string; row: TextRow; key: string[] }[] = [];
      for (const footprint of await this.footprints(run, model, query, scope, order, after?.footprint)) {
        const params = new Params();
        const conditions = this.conditions(model, query, params, footprint);
        if (after && footprint.code === after.footprint) {
          const keys = order.sort.keys.map((key) => key.sql).join(', ');
          const values = order.sort.keys.map((key, i) => params.add(after.key[i], key.type)).join(', ');
          conditions.push(`(${keys}) ${order.descending ? '<' : '>'} (${values})`);
        }
        const keyColumns = order.sort.keys.map((key, i) => `(${key.sql})::text AS "_key${i}"`).join(', ');
        const text = `SELECT ${selectColumns(model)}, ${keyColumns} FROM ${model.from} ${whereClause(conditions)} ${orderBy(order)} LIMIT ${params.add(limit + 1 - rows.length, 'int')}`;
        // A cursor carries its keys as text: only the key column's type tells a forged one (a date that
        // is not one) from a real one, so PostgreSQL's data exception is the client's error here.
        const found = await run(text, params.values).catch((error: unknown) => {
          throw after && isDataException(error) ? malformedCursor() : error;
        });
        const width = model.columns.length + (model.gateColumns?.length ?? 0);
        const gated = found.map((row) => row.slice(0, width));
        const gate = model.gate ? await model.gate(run, footprint, gated, query) : undefined;
        found.forEach((row, i) => {
          const values = gate ? gate(gated[i]!) : gated[i]!;
          rows.push({ footprint: footprint.code, row: values.slice(0, model.columns.length), key: row.slice(width) as string[] });
        });
        if (rows.length > limit) break;
      }
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        items: items.map((item) => toObject(columns, chosen ? pick(item.row, chosen) : item.row)),
        nextCursor: rows.length > limit && last ? encodeCursor({ footprint: last.footprint, key: last.key }) : null,
      };
    });
  }

  /**
   * Every row, as batches of text rows, in page order. Streams each footprint with COPY and
   * applies its gate on the way; reading stops (and the query is cancelled) when `signal` aborts.
   */
  export<Q extends ReadQuery>(model: ReadModel<Q>, query: Q, scope: Scope, signal: AbortSignal): Readable {
    const order = this.order(model, query);
    const chosen = chooseColumns(model.columns, query.columns);
    // The gate sees the whole row (its keys, the statistics it blanks); the choice is cut from what it leaves.
    const cut = (row: TextRow): TextRow => (chosen ? pick(row, chosen) : row);
    const reader = this;
    async function* rows(): AsyncGenerator<TextRow[]> {
      const client = await reader.pool.connect();
      let clean = false;
      const cancel = () => void reader.cancel(client);
      signal.addEventListener('abort', cancel, { once: true });
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        // Names the export's backend in pg_stat_activity, for operators and for the cancellation test.
        await client.query(`SET LOCAL application_name = '${EXPORT_APPLICATION_NAME}'`);
        // An export wants the plan that streams: rows from an index already in order, not every row
        // of the footprint sorted (and spilled to disk) first. At the default random_page_cost of 4,
        // the planner prices the index's heap reads as if from spinning disk and chooses the sort.
        await client.query('SET LOCAL random_page_cost = 1.1');
        const run = textQuery(client);
        for (const footprint of await reader.footprints(run, model, query, scope, order)) {
          if (signal.aborted) return;
          const gate = model.gate ? await model.gate(run, footprint, 'all', query) : undefined;
          const params = new Params();
          const conditions = reader.conditions(model, query, params, footprint);
          const select = `SELECT ${selectColumns(model)} FROM ${model.from} ${whereClause(conditions)} ${orderBy(order)}`;
          if (params.values.length > 0) {
            const settings = params.values.map((_v, i) => `set_config('pp_bi.p${i + 1}', $${i + 1}::text, true)`).join(', ');
            await client.query(`SELECT ${settings}`, params.values.map(settingValue));
          }
          const copy = client.query(copyStreams.to(`COPY (/* bi export ${model.name} */ ${fromSettings(select)}) TO STDOUT`));
          const parsed = copy.pipe(new CopyTextRows());
          copy.once('error', (error) => parsed.destroy(error));
          for await (const batch of parsed as AsyncIterable<TextRow[]>) yield gate || chosen ? batch.map((row) => cut(gate ? gate(row) : row)) : batch;
        }
        await client.query('COMMIT');
        clean = true;
      } finally {
        signal.removeEventListener('abort', cancel);
        // A connection left mid-COPY or mid-transaction is closed rather than returned to the pool.
        client.release(clean ? undefined : true);
      }
    }
    return Readable.from(rows(), { objectMode: true, highWaterMark: 2 });
  }

  /** A weak ETag: the endpoint, the query, the caller's footprints and a fingerprint of every table the rows come from. */
  async etag<Q extends ReadQuery>(model: ReadModel<Q>, representation: string, search: string, scope: Scope): Promise<string> {
    const footprintIds = scope.all
      ? (await this.pool.query<{ id: string }>('SELECT id FROM footprint ORDER BY id')).rows.map((r) => r.id)
      : [...scope.footprintIds].sort();
    const versions = await Promise.all(
      model.sources.map(async (source) => {
        const text = VERSION_SQL[source];
        return (await this.pool.query({ text, values: text.includes('$1') ? [footprintIds] : [], rowMode: 'array' })).rows[0]?.[0];
      }),
    );
    const hash = createHash('sha256').update(JSON.stringify([model.name, representation, search, footprintIds, versions])).digest('base64url');
    return `W/"${hash.slice(0, 32)}"`;
  }

  /** Refuses a sort, cursor or column the model does not know, before anything is read. */
  check<Q extends ReadQuery>(model: ReadModel<Q>, query: Q): void {
    const order = this.order(model, query);
    if (query.cursor) decodeCursor(query.cursor, order.sort.keys.length);
    chooseColumns(model.columns, query.columns);
  }

  /** The columns an answer carries, in order: those chosen (`columns=`, with the gate's marks), or every one. */
  columns<Q extends ReadQuery>(model: ReadModel<Q>, query: Q): readonly Column[] {
    const chosen = chooseColumns(model.columns, query.columns);
    return chosen ? chosen.map((i) => model.columns[i]!) : model.columns;
  }

  private order<Q extends ReadQuery>(model: ReadModel<Q>, query: Q): Order {
    const name = query.sort ?? model.defaultSort;
    const descending = name.startsWith('-');
    const sort = model.sorts[descending ? name.slice(1) : name];
    if (!sort) {
      const known = Object.keys(model.sorts).join(', ');
      throw new InvalidInputError(`sort must be one of ${known} (prefix - for descending)`, [{ field: 'sort', problem: `must be one of ${known}` }]);
    }
    return { sort, descending };
  }

  private conditions<Q extends ReadQuery>(model: ReadModel<Q>, query: Q, params: Params, footprint: FootprintInScope): string[] {
    const own = model.footprintColumn ? [`${model.footprintColumn} = ${params.add(footprint.id, 'uuid')}`] : [];
    return [...own, ...model.where(query, params)];
  }

  /** The footprints the caller may read and asked for, in code order, from the cursor's footprint on. */
  private async footprints<Q extends ReadQuery>(run: TextQuery, model: ReadModel<Q>, query: Q, scope: Scope, order: Order, from?: string): Promise<FootprintInScope[]> {
    if (!model.footprintColumn) return [NO_FOOTPRINT];
    const params = new Params();
    const conditions: string[] = [];
    if (!scope.all) conditions.push(`id = ANY(${params.add(scope.footprintIds, 'uuid[]')})`);
    if (query.footprint?.length) {
      const refs = params.add(query.footprint.map((ref) => ref.toUpperCase()), 'text[]');
      conditions.push(`(code = ANY(${refs}) OR upper(id::text) = ANY(${refs}))`);
    }
    if (from !== undefined) conditions.push(`code ${order.descending ? '<=' : '>='} ${params.add(from, 'text')}`);
    const rows = await run(`SELECT id, code, anonymity_threshold FROM footprint ${whereClause(conditions)} ORDER BY code ${order.descending ? 'DESC' : 'ASC'}`, params.values);
    return rows.map(([id, code, threshold]) => ({ id: id!, code: code!, anonymityThreshold: anonymityThreshold(Number(threshold)) }));
  }

  /** Stops the export's statement now, rather than when its next row meets a closed socket. */
  private async cancel(client: PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    if (!pid) return;
    await this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch((error: unknown) => this.logger.warn(`Could not cancel export backend ${pid}: ${String(error)}`));
  }
}

/** `work` on one connection in a read-only repeatable-read snapshot, so everything it reads agrees. */
export async function inSnapshot<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** PostgreSQL's class 22, data exception (invalid_datetime_format, invalid_text_representation…), as node-postgres reports it. */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/** Text rows from a pool (one statement, its own snapshot) or a connection (in its transaction). */
export function textQuery(runner: Pool | PoolClient): TextQuery {
  return async (text, values, name) => (await runner.query({ name, text, values: [...values], rowMode: 'array', types: TEXT_TYPES })).rows as TextRow[];
}

function selectColumns(model: ReadModel<never>): string {
  return [selectList(model.columns), ...(model.gateColumns ?? []).map((sql, i) => `(${sql})::text AS "_gate${i}"`)].join(', ');
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

function orderBy(order: Order): string {
  return `ORDER BY ${order.sort.keys.map((key) => `${key.sql} ${order.descending ? 'DESC' : 'ASC'}`).join(', ')}`;
}

/** A parameter as the text of its SQL literal, for set_config: arrays in PostgreSQL's array syntax. */
function settingValue(value: unknown): string {
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  return String(value);
}
