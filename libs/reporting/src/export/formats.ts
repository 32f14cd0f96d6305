import { Transform, type TransformCallback } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { type Column, type TextRow, toObject } from '../read-models/columns';

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

/** Text values repeat (names, codes, scopes): each distinct one is quoted by csv-stringify once. */
const QUOTED_CACHE_SIZE = 20_000;

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, a header row of the column names, fields quoted
 * by csv-stringify when they hold a comma, quote or line break. Numbers, booleans, dates and ids
 * never need quoting, so only text fields go through it; null is an empty field.
 */
export class CsvRows extends Transform {
  private readonly quoted = new Map<string, string>();
  private readonly isText: boolean[];

  constructor(columns: readonly Column[]) {
    super({ writableObjectMode: true, writableHighWaterMark: 4 });
    this.isText = columns.map((c) => c.type === 'string');
    this.push(stringify([columns.map((c) => c.name)], { record_delimiter: '\r\n' }));
  }

  override _transform(rows: TextRow[], _encoding: BufferEncoding, done: TransformCallback): void {
    let text = '';
    for (const row of rows) {
      // Rows may carry the gate's columns after the read model's: only the columns are written.
      for (let i = 0; i < this.isText.length; i++) {
        const value = row[i] ?? null;
        if (i > 0) text += ',';
        if (value !== null) text += this.isText[i] ? this.quote(value) : value;
      }
      text += '\r\n';
    }
    done(null, text);
  }

  private quote(value: string): string {
    let field = this.quoted.get(value);
    if (field === undefined) {
      field = stringify([[value]], { record_delimiter: '' });
      if (this.quoted.size >= QUOTED_CACHE_SIZE) this.quoted.clear();
      this.quoted.set(value, field);
    }
    return field;
  }
}

/** Newline-delimited JSON: one object per line with the columns as keys, in column order. */
export class NdjsonRows extends Transform {
  constructor(private readonly columns: readonly Column[]) {
    super({ writableObjectMode: true, writableHighWaterMark: 4 });
  }

  override _transform(rows: TextRow[], _encoding: BufferEncoding, done: TransformCallback): void {
    let text = '';
    for (const row of rows) text += `${JSON.stringify(toObject(this.columns, row))}\n`;
    done(null, text);
  }
}
