import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from '@pp/core';
import { stringify } from 'csv-stringify/sync';
import { MEDIA_TYPES } from '../export/formats';
import { type Column, rowSchema } from '../read-models/columns';
import type { ReadModel } from '../read-models/read-model';

const problem = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } };

function pageSchema(name: string, row: new () => object): new () => object {
  const page = { [name]: class {} }[name]!;
  ApiProperty({ type: [row], description: 'Rows in the stable order of the endpoint' })(page.prototype, 'items');
  ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page (also in `Link: rel="next"`); null on the last page' })(page.prototype, 'nextCursor');
  return page;
}

function exampleRecord(columns: readonly Column[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((column) => [column.name, column.example]));
}

function exampleCsv(columns: readonly Column[]): string {
  return stringify([columns.map((c) => c.name), columns.map((c) => (c.example === null ? '' : String(c.example)))], { record_delimiter: '\r\n' });
}

/** Documents a BI list route: the row schema, the three representations, paging, caching and the rate limit. */
export function BiList(model: ReadModel<never>, summary: string, description: string): MethodDecorator {
  const row = rowSchema(model.rowName, model.columns);
  const page = pageSchema(`${model.rowName}Page`, row);
  const sorts = Object.entries(model.sorts).map(([name, sort]) => `\`${name}\` (${sort.description})`).join(', ');
  return applyDecorators(
    ApiExtraModels(row, page, ProblemDetails),
    ApiOperation({
      summary,
      description:
        `${description}\n\nColumns, in this order in every format: ${model.columns.map((c) => `\`${c.name}\``).join(', ')}. ` +
        `Sorts: ${sorts}; default \`${model.defaultSort}\`. ` +
        'JSON answers one page (`limit`, `cursor`, `Link: rel="next"`); `Accept: text/csv` or `application/x-ndjson` (or `format=`) streams every row. ' +
        '`columns=a,b` keeps only the columns named, in the order above, and always the columns the anonymity gate sets (`suppressed`, `…_suppressed`), in every format. ' +
        'Each API key may make API_KEY_RATE_LIMIT_PER_MINUTE requests a minute to the BI routes (600 unless the operator changed it).',
    }),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer: 304 without a body while the data is unchanged' }),
    ApiResponse({
      status: 200,
      description: 'A page of rows (JSON), or every row (CSV, NDJSON)',
      headers: {
        ETag: { description: 'Weak validator of the answer; send it back in If-None-Match', schema: { type: 'string' } },
        Link: { description: '`<url>; rel="next"` while more pages follow (JSON only)', schema: { type: 'string' } },
      },
      content: {
        [MEDIA_TYPES.json]: { schema: { $ref: getSchemaPath(page) } },
        [MEDIA_TYPES.csv]: { schema: { type: 'string' }, example: exampleCsv(model.columns) },
        [MEDIA_TYPES.ndjson]: { schema: { type: 'string' }, example: `${JSON.stringify(exampleRecord(model.columns))}\n` },
      },
    }),
    ApiResponse({ status: 304, description: 'Not modified since the ETag in If-None-Match', headers: { ETag: { schema: { type: 'string' } } } }),
    ApiResponse({ status: 400, description: 'Invalid filter, sort, cursor, column or format; `errors` names each field', content: problem }),
    ApiResponse({
      status: 429,
      description: 'More requests in a minute from one API key than API_KEY_RATE_LIMIT_PER_MINUTE allows',
      headers: { 'Retry-After': { description: 'Seconds until the key may call again', schema: { type: 'integer' } } },
      content: problem,
    }),
  );
}
