import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { type Column, type TextRow, toObject } from '../read-models/columns';
import { CopyTextRows } from './copy-rows';
import { CsvRows, NdjsonRows } from './formats';

const column = (name: string, type: Column['type']): Column => ({ name, type, sql: name, description: name, example: null });
const COLUMNS = [column('name', 'string'), column('id', 'uuid'), column('n', 'integer'), column('mean', 'number'), column('suppressed', 'boolean'), column('at', 'date-time')];

/** Text values JSON and CSV must escape or quote, and some they must leave alone. */
const AWKWARD = [
  'Plain',
  'Comma, inside',
  'Quote " inside',
  'Back\\slash',
  '\\N',
  'Line\nbreak',
  'Carriage\rreturn',
  'Tab\tinside',
  'Control \u0001 and \u001f',
  'Unicode é ü and 🚑',
  'Separators \u2028 \u2029',
  '',
];

const rows: TextRow[] = AWKWARD.map((name, i) => [name, '661ac5c0-f322-056a-288d-c7241c6d83f8', String(i), i % 2 ? 'NaN' : '12.5', i % 2 ? 'true' : 'false', '2026-11-23T19:01:18.500Z']);
rows.push([null, null, null, null, null, null]);

/** PostgreSQL's COPY text format of the rows: tab-separated, \N for null, backslash escapes. */
function copyText(input: TextRow[]): string {
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return input.map((row) => row.map((value) => (value === null ? '\\N' : escape(value))).join('\t')).join('\n') + '\n';
}

/** Feeds COPY output through the parser and a writer, a few bytes at a time so chunks split rows and characters. */
async function render(writer: CsvRows | NdjsonRows): Promise<string> {
  const bytes = Buffer.from(copyText(rows));
  const chunks = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  return text(Readable.from(chunks).pipe(new CopyTextRows()).pipe(writer));
}

describe('export formats', () => {
  it('writes each NDJSON line as the JSON page writes the row', async () => {
    const lines = (await render(new NdjsonRows(COLUMNS))).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual(rows.map((row) => JSON.stringify(toObject(COLUMNS, row))));
  });

  it('writes RFC 4180 CSV that reads back to the same values', async () => {
    const csv = await render(new CsvRows(COLUMNS));
    expect(csv.startsWith('name,id,n,mean,suppressed,at\r\n')).toBe(true);
    const records = parse(csv, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(records.map((r) => r.name)).toEqual(rows.map((row) => row[0] ?? ''));
    expect(records[1]).toEqual({ name: 'Comma, inside', id: '661ac5c0-f322-056a-288d-c7241c6d83f8', n: '1', mean: 'NaN', suppressed: 'true', at: '2026-11-23T19:01:18.500Z' });
  });
});
