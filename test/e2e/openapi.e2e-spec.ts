import { type INestApplication, Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import { compileErrors, validate } from '@readme/openapi-parser';
import request from 'supertest';
import { routesOf, startApi } from '../support/app';

type Operation = {
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: Record<string, string[]>[];
  'x-required-permission'?: unknown;
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> } };

/** The OpenAPI document is a contract: valid, complete against the router, with one error shape. */
describe('OpenAPI document', () => {
  let app: INestApplication;
  let doc: Document;
  let routes: { method: string; path: string }[];
  let warnings: string[];

  beforeAll(async () => {
    // @nestjs/swagger warns, and documents only one, when two DTO classes share a name.
    const warn = jest.spyOn(Logger, 'warn');
    app = await startApi();
    warnings = warn.mock.calls.map(([message]) => String(message));
    warn.mockRestore();
    doc = (await request(app.getHttpServer()).get('/openapi.json').expect(200)).body as Document;
    routes = routesOf(app)
      .map((route) => ({ method: route.method.toLowerCase(), path: route.path }))
      .filter((route) => route.path.startsWith('/api/v1/'));
  });

  afterAll(async () => {
    await app.close();
  });

  it('is a valid OpenAPI 3 document by a standard validator', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : compileErrors(result)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('gives every schema a name of its own, so none is documented with another DTO\'s fields', () => {
    expect(warnings.filter((message) => message.startsWith('Duplicate DTO'))).toEqual([]);
  });

  it('documents every route of the router, with each path parameter declared', () => {
    const missing = routes.filter((route) => !doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
          if (!operation.parameters?.some((p) => p.in === 'path' && p.name === name && p.required)) undeclared.push(`${method} ${path} :${name}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('documents every error as RFC 9457 problem details, the one error shape', () => {
    const others: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400 && response.content && Object.keys(response.content).join() !== 'application/problem+json') others.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(others).toEqual([]);
  });

  it('declares both security schemes, and every BI route accepts API keys', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    const bi = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/v1/bi/'));
    expect(bi.length).toBeGreaterThanOrEqual(8);
    for (const [path, operations] of bi) {
      const get = operations.get!;
      expect([path, get.security]).toEqual([path, expect.arrayContaining([{ bearer: [] }, { 'api-key': [] }])]);
      expect([path, get['x-required-permission']]).toEqual([path, expect.anything()]);
    }
  });

  it('describes every BI list in JSON, CSV and NDJSON with its errors as problem details', () => {
    for (const [path, operations] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/bi/') && !p.includes('{'))) {
      const get = operations.get!;
      expect([path, Object.keys(get.responses['200']?.content ?? {}).sort()]).toEqual([path, ['application/json', 'application/x-ndjson', 'text/csv']]);
      const page = get.responses['200']!.content!['application/json']!.schema!.$ref!;
      expect(doc.components.schemas[page.split('/').pop()!]).toBeDefined();
      for (const status of ['304', '400', '401', '403', '429']) expect([path, status, get.responses[status]]).toEqual([path, status, expect.anything()]);
      for (const status of ['400', '429']) {
        expect(get.responses[status]!.content!['application/problem+json']!.schema!.$ref).toBe('#/components/schemas/ProblemDetails');
      }
      const names = (get.parameters ?? []).map((p) => p.name);
      expect([path, names]).toEqual([path, expect.arrayContaining(['limit', 'cursor', 'sort', 'format', 'If-None-Match'])]);
    }
  });
});
