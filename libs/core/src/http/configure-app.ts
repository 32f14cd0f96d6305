import type { IncomingMessage } from 'node:http';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';
import { InvalidInputError } from '../errors/domain-errors';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { logAccess } from '../logging/access-log';
import { requestId } from '../logging/request-id';
import { bytes, CSV_BODY_LIMIT, TEXT_BODY_TYPES } from './body-limits';
import { nestsDeeperThan } from './json-depth';
import { unreadableFields } from './readable-text';
import { RetryOnLostConnection } from './retry-lost-connection';
import { Metrics } from '../metrics/metrics';
import { API_KEY_AUTH, BEARER_AUTH } from './security';
import { validationPipe } from './validation';

/** Every business route lives under this prefix; health, metrics and docs sit at the root. */
export const API_PREFIX = 'api/v1';

/** Probes and scrapes: outside the prefix, and too frequent to log. */
const OPERATIONAL_ROUTES = ['health', 'health/ready', 'metrics'];

/** TRUST_PROXY as Fastify takes it: a hop count, or addresses, subnets and names such as loopback. */
function trustedProxies(setting: string): string | ((address: string, hop: number) => boolean) | undefined {
  const trimmed = setting.trim();
  if (!trimmed) return undefined;
  if (!/^\d+$/.test(trimmed)) return trimmed;
  const hops = Number(trimmed);
  return (_address, hop) => hop < hops;
}

/**
 * The HTTP server every process runs: Fastify, whose per-request cost is a fraction of Express's.
 * JSON bodies up to BODY_LIMIT (Fastify's own parser, which refuses `__proto__` keys); request ids
 * from requestId, so logs, problem details and X-Request-Id agree; `/path/` routes as `/path`.
 */
export function httpAdapter(config: Pick<AppConfig, 'BODY_LIMIT' | 'TRUST_PROXY'>): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: bytes(config.BODY_LIMIT),
    trustProxy: trustedProxies(config.TRUST_PROXY),
    genReqId: (request: IncomingMessage) => requestId(request),
    routerOptions: { ignoreTrailingSlash: true },
  });
}

/**
 * Everything an HTTP process needs around its routes: security headers, body limits, validation,
 * one error shape, logging, request metrics. Used by `main.ts` and by the e2e tests, so tests run
 * what production runs. The app must have been created with httpAdapter().
 */
export function configureHttp(app: NestFastifyApplication): void {
  const settings = app.get<Settings>(SettingsService);
  const server = app.getHttpAdapter().getInstance();
  applyApiPrefix(app);
  app.useLogger(app.get(Logger));
  app.useSecurityHeaders();
  const origins = settings
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length ? origins : false, exposedHeaders: ['Link', 'ETag', 'X-Request-Id', 'Retry-After'] });
  server.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  // An empty body sent as JSON (clients that always send the header) reads as {}, as it did under Express.
  // Nesting is counted on the raw text first: nothing after the parser may recurse without bound.
  const json = server.getDefaultJsonParser('error', 'error');
  const maxDepth = settings.get('JSON_MAX_DEPTH', { infer: true });
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser<string>('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, {});
    if (nestsDeeperThan(body, maxDepth)) {
      const problem = `nests objects and arrays deeper than ${maxDepth} levels`;
      return done(new InvalidInputError(`Invalid request: the body ${problem}`, [{ field: 'body', problem }]), undefined);
    }
    json(request, body, done);
  });
  // CSV uploads are text, and larger than any JSON body.
  server.removeContentTypeParser('text/plain');
  server.addContentTypeParser(TEXT_BODY_TYPES, { parseAs: 'string', bodyLimit: bytes(CSV_BODY_LIMIT) }, (_request, body, done) => done(null, body));
  const metrics = app.get(Metrics);
  server.addHook('onResponse', (request, reply, done) => {
    // The route pattern, not the URL, keeps label cardinality bounded.
    metrics.httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  // Text that no column can hold (U+0000, other control characters, lone surrogates) is refused in
  // every part of every request, once, before any route reads it.
  server.addHook('preValidation', (request, _reply, done) => {
    const problems = [...unreadableFields(request.query, 'query'), ...unreadableFields(request.body, 'body')];
    if (problems.length === 0) return done();
    done(new InvalidInputError(`Invalid request: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems));
  });
  logAccess(server, PinoLogger.root, OPERATIONAL_ROUTES);
  app.useGlobalPipes(validationPipe());
  app.useGlobalInterceptors(new RetryOnLostConnection());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
}

/** Business routes under /api/v1; the OpenAPI document is built from the same prefix. */
export function applyApiPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: OPERATIONAL_ROUTES });
}

/** The OpenAPI document at /openapi.json and its UI at /docs. */
export function configureOpenApi(app: NestFastifyApplication, title: string, description: string): void {
  SwaggerModule.setup('docs', app, openApiDocument(app, title, description), { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}

/** The document as served; also built without a server to generate the web app's client types. */
export function openApiDocument(app: NestFastifyApplication, title: string, description: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key', description: 'An access token from POST /api/v1/auth/login, or an API key' }, BEARER_AUTH)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A read-only API key for BI tools' }, API_KEY_AUTH)
    .build();
  return problemDetailsAsServed(SwaggerModule.createDocument(app, config));
}

/** Error responses are documented with the media type the filter sends them as, whatever a decorator said. */
function problemDetailsAsServed(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, OperationObject>)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const content = (response as ResponseObject).content;
        const schema = content && Object.values(content).find((media) => media.schema && '$ref' in media.schema && media.schema.$ref.endsWith('/ProblemDetails'))?.schema;
        if (Number(status) >= 400 && schema) (response as ResponseObject).content = { [PROBLEM_CONTENT_TYPE]: { schema } };
      }
    }
  }
  return document;
}
