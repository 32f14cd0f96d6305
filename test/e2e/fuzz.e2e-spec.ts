import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { serveOnLoopback, startApi } from '../support/app';
import { asAdmin, createApiKey, createUser, type SignedIn, uniqueClientIp, uniqueEmail } from '../support/auth';
import { API } from '../support/factories-registry';
import { invitationsOf, openRound, partnership } from './surveys-helpers';

/**
 * Malformed requests to every operation of the OpenAPI document the API serves, so a new route is
 * fuzzed without editing this file. Each request breaks one part of an otherwise plausible request
 * (the body as a whole, one body property, one query or path parameter, one header) and must be
 * answered with a 4xx, never a 5xx or a dropped connection; the service must be ready afterwards.
 * Seeded (FUZZ_SEED overrides), so a failure replays exactly.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> }; security?: unknown[] };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

interface Probe {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: string;
  /** What this probe breaks, for the failure list. */
  breaks: string;
}

const SEED = Number(process.env.FUZZ_SEED ?? 20);
/** Stand-ins that each request replaces with a value of its own. */
const PULSE_TOKEN = '<pulse token>';
const FUZZ_EMAIL = 'fuzz-account@pulse.test';

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(SEED);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
/** `count` of `values`, in a seeded order. */
const sample = <T>(values: readonly T[], count: number): T[] =>
  values
    .map((value) => ({ value, key: random() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, count)
    .map((entry) => entry.value);

const CONTROL_CHARACTERS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'];
const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown => (depth === 0 ? leaf : wrap(nested(depth - 1, leaf, wrap)));

/**
 * Values a JSON property must never be answered 5xx for, whatever its type: those that found 500s
 * (null, NUL and other control characters, lone surrogates, impossible dates) every time, and a
 * seeded sample of the rest, so a run stays within a minute or two (on an idle machine; a loaded one may take several).
 */
function badValues(): unknown[] {
  const always: unknown[] = [
    null,
    12345,
    'fuzz',
    'a\u0000b',
    `a${pick(CONTROL_CHARACTERS)}b`,
    '\ud800',
    '2021-02-30',
    '2021-02-30T10:00:00Z',
    'x'.repeat(100_000),
    nested(20, 'deep', (inner) => [inner]),
  ];
  const others: unknown[] = [
    true,
    {},
    [],
    [null],
    '',
    '+275760-09-14T00:00:00Z',
    'not-a-uuid',
    -1,
    0.5,
    1e308,
    2 ** 53 + 1,
    nested(20, 'deep', (inner) => ({ a: inner })),
    { __proto__: { polluted: true } },
  ];
  return [...always, ...sample(others, 3)];
}

const PATH_VALUES = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'x'.repeat(300), '%00', '%FF', '..%2F..', '%20'];
/** Query values sent to every parameter: the first ones each time, a seeded sample of the rest. */
const QUERY_VALUES_ALWAYS = ['\u0000', 'a\u0001b', '\ud800', '2021-02-30', '2021-02-30T00:00:00Z', 'x'.repeat(3000), 'not-a-uuid'];
const QUERY_VALUES_SOME = [
  '',
  ' ',
  '2021-13-01',
  '2021-Q5',
  'not-a-date',
  '-1',
  '0',
  '1e309',
  '99999999999999999999',
  'NaN',
  'null',
  Buffer.from('garbage').toString('base64url'),
  ',,,',
];
const queryValues = () => [...QUERY_VALUES_ALWAYS, ...sample(QUERY_VALUES_SOME, 3)];
/** Cursors shaped like the ones the API issues (a JSON array of strings, base64url) holding values no column takes. */
const CURSOR_VALUES = [
  { k: 'x', id: null },
  ['x', '-'.repeat(36)],
  ['not-a-time', '8f1c2b4e-0d6a-4c1e-9a57-3b2d1e0f9c8a'],
  ['99999999999999999999999', '8f1c2b4e-0d6a-4c1e-9a57-3b2d1e0f9c8a'],
  ['\u0000', '8f1c2b4e-0d6a-4c1e-9a57-3b2d1e0f9c8a'],
  ['x'],
  ['x', 'y', 'z'],
  ['\u0000', 'not-a-time', '-1', 'x'],
  ['x', 'y', 'z', 'w', 'v'],
].map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url'));
const HEADER_VALUES = ['', 'x'.repeat(6000), 'not-a-token', '"*"', 'W/"x", *'];
const CSV_BODIES = [
  '',
  'a\u0000b,c\n1,2\n',
  'code,name\n"unterminated,x\n',
  '\ufeffcode,name,type\n',
  `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\n`,
  `code,name,type\nX1,${'y'.repeat(200_000)},acute_trust\n`,
  '{"code":"X"}',
  'code,name,type,memberFrom\n\u0001,\u001b,\u007f,2021-02-30\n',
];

function resolve(doc: Document, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  const [first] = schema.allOf ?? schema.oneOf ?? schema.anyOf ?? [];
  return first ? resolve(doc, first) : schema;
}

describe('fuzzing every operation of the served OpenAPI document', () => {
  let app: INestApplication;
  let server: Server;
  let base: string;
  let admin: SignedIn;
  let doc: Document;
  /** Real ids by path-parameter name (`id` by the segment before it), so a probe reaches past the 404 of an unknown id. */
  const ids: Record<string, string> = {};
  /** Unused respondent links: a probe that a link answers uses one up, so the next probe takes the next. */
  let pulseTokens: string[] = [];
  let footprintCode: string;

  /** A plausible value for `schema`: what each probe sends in every part it does not break. */
  function plausible(schema: Schema | undefined, name: string, depth = 0): unknown {
    const s = resolve(doc, schema);
    if (s.enum?.length) return s.enum[0];
    if (s.type === 'string' && (s.format === 'email' || /email/i.test(name))) return FUZZ_EMAIL;
    if (s.example !== undefined) return s.example;
    switch (s.type) {
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 3 ? [] : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => plausible(s.items, name, depth + 1));
      case 'object':
        return depth > 3 ? {} : Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, property]) => [key, plausible(property, key, depth + 1)]));
      default:
        if (s.properties) return plausible({ ...s, type: 'object' }, name, depth);
        if (s.format === 'uuid' || /Id$/.test(name)) return ids[name] ?? randomUUID();
        if (s.format === 'date') return '2026-01-01';
        if (s.format === 'date-time') return new Date().toISOString();
        if (s.format === 'uri' || /url/i.test(name)) return 'http://127.0.0.1:9/fuzz';
        return 'fuzz'.padEnd(s.minLength ?? 4, 'z');
    }
  }

  /** Cursors that begin like a BI cursor, with a real footprint's code, and carry 1 to 4 keys no column type takes. */
  function forgedCursors(): string[] {
    return [1, 2, 3, 4].map((keys) => Buffer.from(JSON.stringify([footprintCode, ...Array(keys).fill('not-a-key')])).toString('base64url'));
  }

  function idFor(path: string, name: string): string {
    const segments = path.split('/');
    const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    return ids[name === 'id' ? `id:${before}` : name] ?? randomUUID();
  }

  /** Every probe of one operation: each breaks one part of the request and keeps the rest plausible. */
  function probesOf(path: string, method: string, operation: Operation): Probe[] {
    const parameters = operation.parameters ?? [];
    const pathValues = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, idFor(path, p.name)]));
    const url = (values: Record<string, string>) => `${path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!)}`;
    const query = parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(plausible(p.schema, p.name))] as [string, string]);
    const headers: Record<string, string> = Object.fromEntries(
      parameters.filter((p) => p.in === 'header').map((p) => [p.name, p.name === 'X-Pulse-Token' ? PULSE_TOKEN : p.name === 'Idempotency-Key' ? randomUUID() : '"fuzz"']),
    );
    const [mediaType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
    const body = mediaType === 'application/json' ? (plausible(media?.schema, 'body') as Record<string, unknown>) : undefined;
    const plain = { method, path: url(pathValues), query, headers, ...(mediaType ? { body: mediaType === 'application/json' ? JSON.stringify(body) : 'code\nX\n' } : {}) };
    const json = { ...headers, 'Content-Type': 'application/json' };
    const probes: Probe[] = [];

    for (const name of Object.keys(pathValues)) {
      for (const value of PATH_VALUES) probes.push({ ...plain, headers: json, path: url({ ...pathValues, [name]: value }), breaks: `path ${name}=${value.slice(0, 20)}` });
      // A real id in capitals is still that id: only a read may be sent it, lest a probe archive or close the resources the others use.
      if (method === 'GET') probes.push({ ...plain, headers: json, path: url({ ...pathValues, [name]: pathValues[name]!.toUpperCase() }), breaks: `path ${name} in capitals` });
    }
    for (const parameter of parameters.filter((p) => p.in === 'query')) {
      const others = query.filter(([name]) => name !== parameter.name);
      for (const value of [...queryValues(), ...(/cursor/i.test(parameter.name) ? [...CURSOR_VALUES, ...forgedCursors()] : [])]) probes.push({ ...plain, headers: json, query: [...others, [parameter.name, value]], breaks: `query ${parameter.name}=${JSON.stringify(value.slice(0, 20))}` });
      probes.push({ ...plain, headers: json, query: [...others, [parameter.name, 'a'], [parameter.name, 'b']], breaks: `query ${parameter.name} twice` });
    }
    for (const parameter of parameters.filter((p) => p.in === 'header')) {
      for (const value of HEADER_VALUES) probes.push({ ...plain, headers: { ...json, [parameter.name]: value }, breaks: `header ${parameter.name}=${value.slice(0, 20)}` });
    }
    if (mediaType === 'application/json') {
      const deep = (open: string, close: string) => open.repeat(5000) + close.repeat(5000);
      const whole = ['{"a":', '{', deep('[', ']'), `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, deep('[', ']').replace(/\]\]$/, ''), '[]', '"text"', '42', 'null', 'true', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":1,"a":2}', '1e400'];
      for (const raw of whole) probes.push({ ...plain, headers: json, body: raw, breaks: `body ${JSON.stringify(raw.slice(0, 20))}` });
      probes.push({ ...plain, headers: { ...headers, 'Content-Type': 'text/plain' }, body: plain.body, breaks: 'JSON sent as text/plain' });
      probes.push({ ...plain, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-16' }, body: plain.body, breaks: 'JSON in another charset' });
      const properties = (prefix: string[], value: unknown): string[][] =>
        value && typeof value === 'object' && !Array.isArray(value) && prefix.length < 2
          ? Object.entries(value).flatMap(([key, inner]) => [[...prefix, key], ...properties([...prefix, key], inner)])
          : [];
      for (const property of properties([], body)) {
        for (const bad of badValues()) {
          const broken = structuredClone(body) as Record<string, unknown>;
          const parent = property.slice(0, -1).reduce<Record<string, unknown>>((at, key) => at[key] as Record<string, unknown>, broken);
          parent[property.at(-1)!] = bad;
          probes.push({ ...plain, headers: json, body: JSON.stringify(broken), breaks: `body ${property.join('.')}=${JSON.stringify(bad)?.slice(0, 24)}` });
        }
      }
    } else if (mediaType) {
      for (const raw of CSV_BODIES) probes.push({ ...plain, headers: { ...headers, 'Content-Type': mediaType }, body: raw, breaks: `${mediaType} ${JSON.stringify(raw.slice(0, 20))}` });
      probes.push({ ...plain, headers: json, body: '{"a":1}', breaks: 'JSON sent to a CSV upload' });
    }
    return probes;
  }

  async function send(probe: Probe, token: string | null): Promise<{ status: number; detail: string }> {
    const search = new URLSearchParams(probe.query).toString();
    const headers: Record<string, string> = { 'X-Forwarded-For': uniqueClientIp(), ...probe.headers };
    const usesLink = headers['X-Pulse-Token'] === PULSE_TOKEN;
    if (usesLink) headers['X-Pulse-Token'] = pulseTokens[0] ?? 'no-links-left';
    // Each probe signs in, or is invited, as an account of its own, so per-account limits and unique emails never stop one early.
    const body = probe.body?.replaceAll(FUZZ_EMAIL, uniqueEmail('fuzz'));
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      const res = await fetch(`${base}${probe.path}${search ? `?${search}` : ''}`, { method: probe.method, headers, body, redirect: 'manual' });
      const text = await res.text();
      if (usesLink && res.ok) pulseTokens.shift();
      return { status: res.status, detail: text.slice(0, 300) };
    } catch (error) {
      return { status: 599, detail: `no answer: ${(error as Error).message}` };
    }
  }

  beforeAll(async () => {
    app = await startApi();
    const served = await serveOnLoopback(app);
    server = served.server;
    base = `http://127.0.0.1:${served.port}`;
    admin = await asAdmin(app);
    doc = (await fetch(`${base}/openapi.json`).then((res) => res.json())) as Document;

    // One of each resource, through the API, so probes with plausible ids reach the services.
    const world = await partnership(app, 2);
    const round = await openRound(world.lead, world.footprint.id);
    const [organisation] = world.members;
    footprintCode = world.footprint.code;
    Object.assign(ids, { footprintId: world.footprint.id, organisationId: organisation!.id, roundId: round.id, instrumentId: round.instrumentId });
    ids.invitationId = (await invitationsOf(world.lead, round.id))[organisation!.id]!;
    const members = await admin.http.get(`${API}/footprints/${world.footprint.id}/members`).expect(200);
    // Ending a membership must not touch the organisation whose links the pulse probes use.
    ids.membershipId = members.body.items.find((m: { organisation: { id: string } }) => m.organisation.id !== organisation!.id).id;
    const user = await createUser(app, [{ role: 'analyst', footprintId: world.footprint.id }]);
    ids['id:users'] = user.id;
    const held = await admin.http.get(`${API}/users/${user.id}`).expect(200);
    ids.grantId = held.body.grants[0].id;
    ids['id:api-keys'] = (await createApiKey(app, [world.footprint.id])).id;
    const rules = await admin.http.get(`${API}/footprints/${world.footprint.id}/alert-rules`).expect(200);
    ids.ruleId = rules.body.items[0].id;
    const webhook = await admin.http.post(`${API}/footprints/${world.footprint.id}/webhooks`).send({ url: 'http://127.0.0.1:9/fuzz' }).expect(201);
    ids.webhookId = webhook.body.id;
    const action = await admin.http
      .post(`${API}/footprints/${world.footprint.id}/actions`)
      .send({ linkKind: 'dimension', dimension: 'trust', ownerOrganisationId: organisation!.id, description: 'Fuzzed action', dueOn: '2027-03-31' })
      .expect(201);
    ids.actionId = action.body.id;
    const links = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId: organisation!.id, count: 50 }).expect(201);
    pulseTokens = links.body.items.map((link: { token: string }) => link.token);
  }, 60_000);

  afterAll(async () => {
    server?.close();
    await app?.close();
  });

  it(`answers no malformed request with a 5xx, and is ready afterwards (seed ${SEED})`, async () => {
    const failures: string[] = [];
    let sent = 0;
    let refused = 0;
    const started = Date.now();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const probe of probesOf(path, method.toUpperCase(), operation)) {
          // Signed in as a platform admin, who may call every route; public routes also signed out.
          for (const token of operation.security?.length ? [admin.accessToken] : [admin.accessToken, null]) {
            const { status, detail } = await send(probe, token);
            sent += 1;
            if (status === 400) refused += 1;
            if (status >= 500) failures.push(`${probe.method} ${path} [${probe.breaks}]${token ? '' : ' signed out'}: ${status} ${detail}`);
          }
        }
      }
    }
    process.stdout.write(`fuzz: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    // Most probes must get as far as validation, not stop at routing, sign-in or access (404, 401, 403).
    expect(refused / sent).toBeGreaterThan(0.75);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
  }, 600_000);
});
