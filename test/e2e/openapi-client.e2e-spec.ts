import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import createClient from 'openapi-fetch';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { createApiKey } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation, uniqueCode } from '../support/factories-registry';

/**
 * A BI client as a consumer would build one: types generated from the served /openapi.json with
 * openapi-typescript, calls through openapi-fetch, against the API listening on loopback.
 */
describe('OpenAPI: a generated typed client reads scores', () => {
  let app: INestApplication;
  let server: Server;
  let baseUrl: string;
  let dir: string;

  beforeAll(async () => {
    app = await startApi();
    server = createServer(app.getHttpAdapter().getInstance()).listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'pulse-client-'));
  });

  afterAll(async () => {
    server.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates types that a client program type-checks against, and reads scores with them', async () => {
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenAPI3;
    const types = astToString(await openapiTS(document));
    writeFileSync(join(dir, 'api.d.ts'), types);
    // A consumer's program: a wrong path, parameter or column name would fail to compile.
    writeFileSync(
      join(dir, 'client.ts'),
      `import createClient from 'openapi-fetch';
       import type { paths, components } from './api';
       type ScoreRow = components['schemas']['BiScoreRow'];
       export async function organisationMeans(baseUrl: string, key: string, footprint: string): Promise<Pick<ScoreRow, 'organisation_code' | 'measure' | 'mean' | 'suppressed'>[]> {
         const client = createClient<paths>({ baseUrl, headers: { 'X-API-Key': key } });
         const { data, error } = await client.GET('/api/v1/bi/scores', { params: { query: { footprint, scope: 'organisation', limit: 500 } } });
         // The JSON page, not an export: the document offers CSV and NDJSON too.
         if (error || !data || typeof data === 'string') throw new Error('no page of scores');
         return data.items.map((row) => ({ organisation_code: row.organisation_code, measure: row.measure, mean: row.mean, suppressed: row.suppressed }));
       }\n`,
    );
    const program = ts.createProgram([join(dir, 'client.ts')], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      typeRoots: [],
      types: [],
      baseUrl: resolve('node_modules'),
      paths: { 'openapi-fetch': [resolve('node_modules/openapi-fetch')] },
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);

    // The same calls, run: scores written as a scoring run leaves them, read through the key.
    const footprint = await createFootprint(app);
    const organisation = await createOrganisation(app, { code: uniqueCode.metropolitanBorough(), name: 'Wirral Metropolitan Borough Council', type: 'metropolitan_borough' });
    await addMember(app, footprint.id, organisation.id, '2024-04-01');
    const db = app.get(DataSource);
    const [round] = await db.query(
      `INSERT INTO round (footprint_id, instrument_id, period, opens_at, closes_at, status) SELECT $1, id, '2026-Q2', now() - interval '40 days', now() - interval '10 days', 'scored' FROM instrument WHERE is_default RETURNING id`,
      [footprint.id],
    );
    await db.query(`INSERT INTO round_scoring (round_id, footprint_id, period, provisional, respondents, computed_at, duration_ms) VALUES ($1, $2, '2026-Q2', false, 8, now(), 1)`, [round.id, footprint.id]);
    await db.query(
      `INSERT INTO score (footprint_id, round_id, period, provisional, scope, subject, measure, organisation_id, respondents, n, mean, computed_at)
       VALUES ($1, $2, '2026-Q2', false, 'organisation', $3::text, 'rhi', $3::uuid, 8, 8, 71.5, now()), ($1, $2, '2026-Q2', false, 'footprint', 'footprint', 'rhi', NULL, 8, 8, 71.5, now())`,
      [footprint.id, round.id, organisation.id],
    );
    const key = await createApiKey(app, [footprint.id]);

    const client = createClient<Record<string, never>>({ baseUrl, headers: { 'X-API-Key': key.key } }) as unknown as {
      GET(path: string, init: { params: { query: Record<string, unknown> } }): Promise<{ data?: { items: Record<string, unknown>[] }; response: Response }>;
    };
    const { data, response } = await client.GET(`${API}/bi/scores`, { params: { query: { footprint: footprint.code, scope: 'organisation', limit: 500 } } });
    expect(response.status).toBe(200);
    expect(data?.items).toEqual([expect.objectContaining({ organisation_code: organisation.code, measure: 'rhi', mean: 71.5, suppressed: false, footprint_code: footprint.code })]);
  });
});
