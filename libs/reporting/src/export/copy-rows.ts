import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import type { TextRow } from '../read-models/columns';

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** One line's fields; only a line with a backslash (a null or an escape) needs a look at each field. */
function fields(line: string): TextRow {
  const row: TextRow = line.split('\t');
  if (!line.includes('\\')) return row;
  for (let i = 0; i < row.length; i++) {
    const field = row[i]!;
    if (field === '\\N') row[i] = null;
    else if (field.includes('\\')) row[i] = field.replace(/\\(.)/g, (_match, char: string) => ESCAPES[char] ?? char);
  }
  return row;
}

/**
 * Turns the byte stream of `COPY … TO STDOUT` (text format) into batches of rows, one array of
 * fields per row. Text format escapes newlines, tabs and backslashes inside values, so every
 * newline ends a row and every tab ends a field; \N is null. A batch is the rows of one chunk
 * from the socket, so memory stays at a chunk or two whatever the size of the result.
 */
export class CopyTextRows extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor() {
    super({ readableObjectMode: true, readableHighWaterMark: 4 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.rest + this.decoder.write(chunk)).split('\n');
    this.rest = lines.pop() ?? '';
    if (lines.length > 0) this.push(lines.map(fields));
    done();
  }

  override _flush(done: TransformCallback): void {
    const last = this.rest + this.decoder.end();
    if (last) this.push([fields(last)]);
    done();
  }
}
