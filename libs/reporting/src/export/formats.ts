import { Transform, type TransformCallback } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { type Column, type TextRow } from '../read-models/columns';

export const EXPORT_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
};

/**
 * The representation asked for: `?format=` wins over `Accept`, which is read in its order of
 * preference; anything else (no header, `*\/*`, application/json) is a JSON page.
 */
export function negotiate(format: ExportFormat | undefined, accept: string | undefined): ExportFormat {
  if (format) return format;
  const ranges = (accept ?? '')
    .split(',')
    .map((range, index) => {
      const [type = '', ...params] = range.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.type === MEDIA_TYPES.csv) return 'csv';
    if (range.type === MEDIA_TYPES.ndjson || range.type === 'application/ndjson') return 'ndjson';
    if (range.type === MEDIA_TYPES.json || range.type === '*/*' || range.type === 'application/*') return 'json';
  }
  return 'json';
}

/** Text values repeat (names, codes, scopes): each distinct one is quoted once; the cache is bounded. */
const QUOTED_CACHE_SIZE = 20_000;

/** Output is handed to the socket in pieces of at least this size: fewer, larger writes. */
const CHUNK = 64 * 1024;

class Memo {
  private readonly values = new Map<string, string>();

  constructor(private readonly render: (value: string) => string) {}

  get(value: string): string {
    let rendered = this.values.get(value);
    if (rendered === undefined) {
      rendered = this.render(value);
      if (this.values.size >= QUOTED_CACHE_SIZE) this.values.clear();
      this.values.set(value, rendered);
    }
    return rendered;
  }
}

/** Serialises batches of text rows; only the read model's columns are written, never the gate's. */
abstract class RowWriter extends Transform {
  private pending = '';

  constructor() {
    super({ writableObjectMode: true, writableHighWaterMark: 4 });
  }

  protected abstract line(row: TextRow): string;

  protected append(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK) {
      this.push(this.pending);
      this.pending = '';
    }
  }

  override _transform(rows: TextRow[], _encoding: BufferEncoding, done: TransformCallback): void {
    for (const row of rows) this.append(this.line(row));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.pending) this.push(this.pending);
    done();
  }
}

/** What makes csv-stringify quote a field: the delimiter, the quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, a header row of the column names, fields quoted
 * by csv-stringify when they hold a comma, quote or line break. Numbers, booleans, dates and ids
 * never need quoting, so only text fields that need it go through it; null is an empty field.
 */
export class CsvRows extends RowWriter {
  private readonly quoted = new Memo((value) => stringify([[value]], { record_delimiter: '' }));
  private readonly isText: boolean[];

  constructor(columns: readonly Column[]) {
    super();
    this.isText = columns.map((c) => c.type === 'string');
    this.append(stringify([columns.map((c) => c.name)], { record_delimiter: '\r\n' }));
  }

  protected line(row: TextRow): string {
    let text = '';
    for (let i = 0; i < this.isText.length; i++) {
      const value = row[i] ?? null;
      if (i > 0) text += ',';
      if (value !== null) text += this.isText[i] && NEEDS_QUOTES.test(value) ? this.quoted.get(value) : value;
    }
    return `${text}\r\n`;
  }
}

/** PostgreSQL's text of a float that JSON has no number for. */
const NOT_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

/** What JSON must escape in a string: a quote, a backslash or a control character. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f]/;

/**
 * Newline-delimited JSON: one object per line with the columns as keys, in column order, the same
 * values as toObject() gives a JSON page. Built from the text rows directly: numbers and booleans
 * are already JSON, ids and dates need no escaping, and text goes through JSON.stringify only when
 * it holds something to escape. Text decoded from UTF-8 never holds a lone surrogate, the only
 * other thing JSON.stringify would change.
 */
export class NdjsonRows extends RowWriter {
  private readonly keys: string[];
  private readonly kinds: ('text' | 'plain' | 'quoted' | 'number')[];

  constructor(columns: readonly Column[]) {
    super();
    this.keys = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`);
    this.kinds = columns.map((c) => (c.type === 'string' ? 'text' : c.type === 'boolean' ? 'plain' : c.type === 'integer' || c.type === 'number' ? 'number' : 'quoted'));
  }

  protected line(row: TextRow): string {
    let text = '';
    for (let i = 0; i < this.keys.length; i++) {
      const value = row[i] ?? null;
      text += this.keys[i];
      if (value === null) text += 'null';
      else if (this.kinds[i] === 'text') text += NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
      else if (this.kinds[i] === 'quoted') text += `"${value}"`;
      else if (this.kinds[i] === 'number' && NOT_FINITE.has(value)) text += 'null';
      else text += value;
    }
    return `${text}}\n`;
  }
}
