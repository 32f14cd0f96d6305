import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { DataSource } from 'typeorm';
import { serveOnLoopback, startApi } from '../support/app';
import { createApiKey } from '../support/auth';
import { addMember, createFootprint, createOrganisation, uniqueCode } from '../support/factories-registry';

/** What a consumer writes against the generated types. */
const CLIENT_PROGRAM = `import createClient from 'openapi-fetch';
import type { paths, components } from './api';
type ScoreRow = components['schemas']['BiScoreRow'];
export async function organisationMeans(baseUrl: string, key: string, footprint: string): Promise<Pick<ScoreRow, 'organisation_code' | 'measure' | 'mean' | 'suppressed'>[]> {
  const client = createClient<paths>({ baseUrl, headers: { 'X-API-Key': key } });
  const { data, error } = await client.GET('/api/v1/bi/scores', { params: { query: { footprint, scope: 'organisation', limit: 500 } } });
  // The JSON page, not an export: the document offers CSV and NDJSON too.
  if (error || !data || typeof data === 'string') throw new Error('no page of scores');
  return data.items.map((row) => ({ organisation_code: row.organisation_code, measure: row.measure, mean: row.mean, suppressed: row.suppressed }));
}\n`;

/**
 * A BI client as a consumer would build one: types generated from the served /openapi.json with
 * openapi-typescript, calls through openapi-fetch, against the API listening on loopback. The
 * consumer's program is type-checked against the generated types, then compiled and run by node.
 */
describe('OpenAPI: a generated typed client reads scores', () => {
  let app: INestApplication;
  let server: Server;
  let baseUrl: string;
  let dir: string;

  beforeAll(async () => {
    app = await startApi();
    const served = await serveOnLoopback(app);
    server = served.server;
    baseUrl = `http://127.0.0.1:${served.port}`;
    // Under the project so the compiled client resolves openapi-fetch from its node_modules.
    mkdirSync(resolve('.data'), { recursive: true });
    dir = mkdtempSync(resolve('.data', 'openapi-client-'));
  });

  afterAll(async () => {
    server.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates types that a client program type-checks against, then runs that program to read scores', async () => {
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenAPI3;
    const types = astToString(await openapiTS(document));
    writeFileSync(join(dir, 'api.d.ts'), types);
    // A consumer's program: a wrong path, parameter or column name would fail to compile.
    writeFileSync(join(dir, 'client.ts'), CLIENT_PROGRAM);
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

    const compiled = ts.transpileModule(CLIENT_PROGRAM, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(dir, 'client.mjs'), compiled);
    writeFileSync(
      join(dir, 'run.mjs'),
      `import { organisationMeans } from './client.mjs';
       const [baseUrl, key, footprint] = process.argv.slice(2);
       process.stdout.write(JSON.stringify(await organisationMeans(baseUrl, key, footprint)));\n`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'run.mjs'), baseUrl, key.key, footprint.code]);
    expect(JSON.parse(stdout)).toEqual([{ organisation_code: organisation.code, measure: 'rhi', mean: 71.5, suppressed: false }]);
  });
});
