import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type * as AuthHelpers from '../support/auth';

/**
 * Tenancy, proven from the router: every route the app registers × every scoped role × ids of
 * another footprint or organisation. A denied request answers 403 or 404, carries no data of the
 * other tenant, and changes nothing in the database. New routes are covered as soon as they exist;
 * a route parameter this suite cannot place fails it until a foreign id is given below.
 *
 * The suite has a database of its own, so "changes nothing" is exact: other suites write to theirs.
 * Everything that reads settings is imported after DATABASE_URL points at it.
 */
const API = '/api/v1';
const PUBLIC_ROUTES = [
  'GET /health',
  'GET /health/ready',
  'GET /metrics',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/request',
  'POST /api/v1/auth/invitations/accept',
];
/** Respondent-link routes: no sign-in, authorised by the link token they carry (401 without one). */
const LINK_TOKEN_ROUTES = ['GET /api/v1/pulse', 'POST /api/v1/pulse/responses'];
/** Parameters naming what belongs to no tenant: instruments are read by everyone signed in, changed by platform admins. */
const GLOBAL_PARAMS = ['instrumentId'];
/** Served by the docs middleware, outside the API's routes. */
const DOC_PATHS = ['/docs', '/openapi.json', '/openapi.yaml'];

interface Route {
  method: string;
  path: string;
}

interface Tenant {
  footprintId: string;
  organisationId: string;
  membershipId: string;
  apiKeyId: string;
  userId: string;
  grantId: string;
  roundId: string;
  invitationId: string;
  instrumentId: string;
  ruleId: string;
  alertId: string;
  webhookId: string;
  actionId: string;
  /** Words that only this tenant's data contains: names, codes, emails. */
  markers: string[];
}

/** What each route parameter names, by its name or by the collection it follows. */
function kindOf(route: Route, param: string): keyof Omit<Tenant, 'markers'> {
  const before = route.path.split('/').at(route.path.split('/').indexOf(`:${param}`) - 1);
  if (param === 'footprintId' || (param === 'id' && before === 'footprints')) return 'footprintId';
  if (param === 'organisationId' || (param === 'id' && before === 'organisations')) return 'organisationId';
  if (param === 'membershipId') return 'membershipId';
  if (param === 'grantId') return 'grantId';
  if (param === 'roundId') return 'roundId';
  if (param === 'invitationId') return 'invitationId';
  if (param === 'instrumentId') return 'instrumentId';
  if (param === 'ruleId') return 'ruleId';
  if (param === 'alertId') return 'alertId';
  if (param === 'webhookId') return 'webhookId';
  if (param === 'actionId') return 'actionId';
  if (param === 'id' && before === 'api-keys') return 'apiKeyId';
  if (param === 'id' && before === 'users') return 'userId';
  throw new Error(`No foreign id for :${param} in ${route.method} ${route.path}: add its kind to kindOf()`);
}

function paramsOf(route: Route): string[] {
  return [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
}

function fill(route: Route, ids: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_m, param: string) => ids[param] as string);
}

// These tests walk every route × every role; the count grows with the API, so they get a budget of their own.
const EVERY_ROUTE_TIMEOUT_MS = 240_000;

describe('access: isolation of footprints and organisations on every route', () => {
  // Labelled: run in band (one file), the jest worker is the process whose pid names the run's own database.
  const dbName = `pulse_test_${process.pid}_isolation`;
  let serverUrl: string;
  let app: INestApplication;
  let db: DataSource;
  let auth: typeof AuthHelpers;
  let routes: Route[];
  let home: Tenant;
  let away: Tenant;
  const actors: Record<string, request.Agent> = {};
  const noCredentials = () => request(app.getHttpServer());

  async function snapshot(): Promise<string> {
    const tables = await db.query<{ table_name: string }[]>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const parts = await Promise.all(
      tables.map(async ({ table_name: table }) => {
        // last_used_at moves when an API key is presented, which is bookkeeping, not a change of data.
        const [row] = await db.query<{ n: number; digest: string }[]>(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg((to_jsonb(t) - 'last_used_at')::text, ',' ORDER BY (to_jsonb(t) - 'last_used_at')::text), '')) AS digest FROM "${table}" t`,
        );
        return `${table}:${row?.n}:${row?.digest}`;
      }),
    );
    return parts.join('\n');
  }

  function leaks(body: unknown, url: string): string[] {
    const { instance: _instance, ...rest } = (typeof body === 'object' && body !== null ? body : { body }) as Record<string, unknown>;
    const text = JSON.stringify(rest);
    const foreignIds = [away.footprintId, away.organisationId, away.membershipId, away.apiKeyId, away.userId, away.grantId, away.roundId, away.invitationId, away.ruleId, away.alertId, away.webhookId, away.actionId];
    // An id the client sent in the URL may be echoed in an error; anything else of the other tenant is a leak.
    return [...away.markers, ...foreignIds.filter((id) => !url.includes(id))].filter((marker) => text.includes(marker));
  }

  beforeAll(async () => {
    serverUrl = process.env.TEST_SERVER_DATABASE_URL ?? '';
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    process.env.DATABASE_URL = url.toString();
    const { dataSourceOptions } = await import('../../libs/core/src/database/data-source-options');
    const { migrate } = await import('../../libs/core/src/database/migrate');
    const { DataSource: DataSourceClass } = await import('typeorm');
    const migrator = new DataSourceClass(dataSourceOptions(url.toString()));
    await migrator.initialize();
    await migrate(migrator);
    await migrator.destroy();

    const { routesOf, startApi } = await import('../support/app');
    auth = await import('../support/auth');
    const registry = await import('../support/factories-registry');
    app = await startApi();
    db = app.get((await import('typeorm')).DataSource);

    const tenant = async (label: string): Promise<Tenant> => {
      const footprint = await registry.createFootprint(app, { name: `Footprint ${label}` });
      const organisation = await registry.createOrganisation(app, { name: `Council ${label}` });
      const membership = await registry.addMember(app, footprint.id, organisation.id, '2024-04-01');
      const key = await auth.createApiKey(app, [footprint.id]);
      const email = auth.uniqueEmail(`lead-${label}`);
      const lead = await auth.createUser(app, [{ role: 'footprint_lead', footprintId: footprint.id }], email);
      const [grant] = await db.query<{ id: string }[]>('SELECT id FROM role_grant WHERE user_id = $1', [lead.id]);
      const round = await (await auth.asAdmin(app)).http
        .post(`${API}/footprints/${footprint.id}/rounds`)
        .send({ period: '2026-Q3', opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
        .expect(201);
      await (await auth.asAdmin(app)).http.post(`${API}/rounds/${round.body.id}/open`).expect(200);
      const [invitation] = await db.query<{ id: string }[]>('SELECT id FROM invitation WHERE round_id = $1', [round.body.id]);
      const rules = await (await auth.asAdmin(app)).http.get(`${API}/footprints/${footprint.id}/alert-rules`).expect(200);
      const rule = rules.body.items[0] as { id: string; kind: string; severity: string };
      // Alerts are raised by the worker; one written directly stands in for it.
      const [alert] = await db.query<{ id: string }[]>(
        `INSERT INTO alert (footprint_id, rule_id, kind, severity, round_id, period, subject, subject_label, summary, details, status, raised_at)
         VALUES ($1, $2, $3, $4, $5, '2026-Q3', 'footprint', 'Relationship Health Index', $6, '{}', 'open', now()) RETURNING id`,
        [footprint.id, rule.id, rule.kind, rule.severity, round.body.id, `An alert of ${footprint.name}`],
      );
      const webhook = await (await auth.asAdmin(app)).http.post(`${API}/footprints/${footprint.id}/webhooks`).send({ url: 'https://93.184.216.34/pulse' }).expect(201);
      const action = await (await auth.asAdmin(app)).http
        .post(`${API}/footprints/${footprint.id}/actions`)
        .send({ linkKind: 'alert', alertId: alert?.id, ownerOrganisationId: organisation.id, description: `An action of ${footprint.name}`, dueOn: '2027-03-31' })
        .expect(201);
      return {
        footprintId: footprint.id,
        organisationId: organisation.id,
        membershipId: membership.id,
        apiKeyId: key.id,
        userId: lead.id,
        grantId: grant?.id ?? '',
        roundId: round.body.id,
        invitationId: invitation?.id ?? '',
        instrumentId: round.body.instrumentId,
        ruleId: rule.id,
        alertId: alert?.id ?? '',
        webhookId: webhook.body.id,
        actionId: action.body.id,
        markers: [footprint.name, footprint.code, organisation.name, organisation.code, email],
      };
    };
    home = await tenant(`home-${process.pid}`);
    away = await tenant(`away-${process.pid}`);
    // An audit entry of the other tenant's own: the audit log must not show it either.
    await (await auth.asAdmin(app)).http.patch(`${API}/footprints/${away.footprintId}`).send({ anonymityThreshold: 6 }).expect(200);

    actors.footprint_lead = (await auth.signedInAs(app, { role: 'footprint_lead', footprintId: home.footprintId })).http;
    actors.analyst = (await auth.signedInAs(app, { role: 'analyst', footprintId: home.footprintId })).http;
    actors.org_submitter = (await auth.signedInAs(app, { role: 'org_submitter', organisationId: home.organisationId })).http;
    actors.api_key = (await auth.createApiKey(app, [home.footprintId])).http;
    actors.no_role = (await auth.signedInAs(app)).http;

    routes = routesOf(app)
      .filter((route) => !DOC_PATHS.some((doc) => route.path.startsWith(doc)));
  });

  afterAll(async () => {
    await app?.close();
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  const call = (agent: request.Agent, route: Route, url: string) => {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    const req = agent[method](url);
    // Every reference a body could carry points at the other tenant.
    return route.method === 'GET' ? req : req.send({ footprintId: away.footprintId, footprintIds: [away.footprintId], organisationId: away.organisationId, userId: away.userId, name: 'probe' });
  };

  it('finds the API routes in the router', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining([...PUBLIC_ROUTES, `GET ${API}/footprints/:footprintId`, `GET ${API}/audit-entries`]));
    expect(routes.length).toBeGreaterThan(30);
  });

  it('answers 401 problem details without credentials on every route but health, metrics, docs and sign-in', async () => {
    const open: string[] = [];
    for (const route of routes) {
      const ids = Object.fromEntries(paramsOf(route).map((param) => [param, home[kindOf(route, param)]]));
      const res = await call(noCredentials(), route, fill(route, ids));
      if (res.status === 401) {
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.headers['www-authenticate']).toBe('Bearer');
      } else {
        open.push(`${route.method} ${route.path}`);
      }
    }
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
  }, EVERY_ROUTE_TIMEOUT_MS);

  it('documents the permission of every protected route in the OpenAPI document', async () => {
    const doc = (await noCredentials().get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const undocumented = routes
      .filter((route) => ![...PUBLIC_ROUTES, ...LINK_TOKEN_ROUTES].includes(`${route.method} ${route.path}`))
      .filter((route) => !doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()]?.['x-required-permission']);
    expect(undocumented).toEqual([]);
  });

  it('denies every role every route that names another tenant, with 403 or 404, no data and no change', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => paramsOf(r).some((param) => !GLOBAL_PARAMS.includes(param)))) {
      const params = paramsOf(route);
      const homeIds = Object.fromEntries(params.map((param) => [param, home[kindOf(route, param)]]));
      const awayIds = Object.fromEntries(params.map((param) => [param, away[kindOf(route, param)]]));
      // Each parameter foreign on its own (the others at home), and all of them foreign.
      const variants = [...params.map((param) => ({ ...homeIds, [param]: awayIds[param] as string })), awayIds];
      for (const [role, agent] of Object.entries(actors)) {
        for (const ids of variants) {
          const url = fill(route, ids);
          const before = await snapshot();
          const res = await call(agent, route, url);
          const where = `${role} ${route.method} ${url}`;
          if (![403, 404].includes(res.status)) failures.push(`${where}: status ${res.status}`);
          const leaked = leaks(res.body, url);
          if (leaked.length) failures.push(`${where}: body shows ${leaked.join(', ')}`);
          if ((await snapshot()) !== before) failures.push(`${where}: changed the database`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, EVERY_ROUTE_TIMEOUT_MS);

  it('keeps the other tenant out of every list and refuses every write that names it, changing nothing', async () => {
    const failures: string[] = [];
    const protectedRoutes = routes.filter((r) => paramsOf(r).length === 0 && ![...PUBLIC_ROUTES, ...LINK_TOKEN_ROUTES].includes(`${r.method} ${r.path}`));
    for (const route of protectedRoutes) {
      for (const [role, agent] of Object.entries(actors)) {
        const urls = route.method === 'GET' ? [route.path, `${route.path}?footprintId=${away.footprintId}`, `${route.path}?organisationId=${away.organisationId}`] : [route.path];
        for (const url of urls) {
          const before = await snapshot();
          const res = await call(agent, route, url);
          const where = `${role} ${route.method} ${url}`;
          const allowed = route.method === 'GET' ? [200, 400, 403] : [400, 403, 404];
          if (!allowed.includes(res.status)) failures.push(`${where}: status ${res.status}`);
          const leaked = leaks(res.body, url);
          if (leaked.length) failures.push(`${where}: body shows ${leaked.join(', ')}`);
          if ((await snapshot()) !== before) failures.push(`${where}: changed the database`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, EVERY_ROUTE_TIMEOUT_MS);

  it('lets each role reach its own tenant, so the denials above are about scope, not a broken route', async () => {
    await actors.footprint_lead?.get(`${API}/footprints/${home.footprintId}`).expect(200);
    await actors.analyst?.get(`${API}/footprints/${home.footprintId}/members`).expect(200);
    await actors.org_submitter?.get(`${API}/organisations/${home.organisationId}`).expect(200);
    await actors.api_key?.get(`${API}/organisations/${home.organisationId}`).expect(200);
    const list = await actors.footprint_lead?.get(`${API}/organisations`).expect(200);
    expect(list?.body.items.map((o: { id: string }) => o.id)).toEqual([home.organisationId]);
  }, EVERY_ROUTE_TIMEOUT_MS);
});
