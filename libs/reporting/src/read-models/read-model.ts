import type { Column, TextRow } from './columns';

/** Query parameters of one statement, numbered in the order they are added. */
export class Params {
  readonly values: unknown[] = [];

  /** `$n::type`: every parameter carries its cast, so COPY can read it from a setting instead. */
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** What a read model is told about the footprint whose rows it is reading. */
export interface FootprintInScope {
  id: string;
  code: string;
  anonymityThreshold: number;
}

/** One part of a sort key: an SQL expression that is never null, and its SQL type. */
export interface SortKey {
  sql: string;
  type: string;
}

/** An order of a read model's rows within a footprint: keys that together are unique. */
export interface SortOrder {
  keys: readonly SortKey[];
  description: string;
}

/** A footprint's rows after the anonymity gate: suppressed values blanked, nothing else changed. */
export type RowGate = (row: TextRow) => TextRow;

/**
 * Runs SQL with positional parameters in the reader's transaction and returns text rows; with a
 * `name` (unique to the text across the app) as a prepared statement, planned once per connection.
 */
export type TextQuery = (text: string, values: readonly unknown[], name?: string) => Promise<TextRow[]>;

/** Tables whose changes change a read model's rows; the ETag fingerprints them within the caller's footprints. */
export type VersionSource = 'footprint' | 'organisation' | 'membership' | 'round' | 'responses' | 'scores' | 'alerts' | 'actions' | 'instrument';

/**
 * One BI read model: a documented row shape over explicit SQL. Rows are read footprint by
 * footprint, in footprint-code order and then in the chosen sort within each, so pages and exports
 * list rows in the same stable order and each footprint's rows pass the gate with its own k.
 */
export interface ReadModel<Q> {
  /** The path under /bi and the name of exported files. */
  name: string;
  /** The OpenAPI schema name of a row. */
  rowName: string;
  columns: readonly Column[];
  /** SQL selected after the columns for the gate only (a stored key); never part of a response. */
  gateColumns?: readonly string[];
  /** FROM and JOINs. */
  from: string;
  /** The expression naming the footprint of a row; null for rows that belong to none (the instrument catalogue). */
  footprintColumn: string | null;
  /** Conditions of the query's filters (ANDed), parameters added to `params`. */
  where(query: Q, params: Params): string[];
  sorts: Record<string, SortOrder>;
  defaultSort: string;
  sources: readonly VersionSource[];
  /**
   * The anonymity gate for one footprint's rows (all of them, or those of a page): rows come with
   * the gate columns after the columns. Absent for models without aggregates of answers.
   */
  gate?(query: TextQuery, footprint: FootprintInScope, rows: 'all' | readonly TextRow[], filters: Q): Promise<RowGate>;
}
