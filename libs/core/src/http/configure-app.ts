import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ResponseObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { API_KEY_AUTH, BEARER_AUTH } from './security';
import { validationPipe } from './validation';

/** Every business route lives under this prefix; health, metrics and docs sit at the root. */
export const API_PREFIX = 'api/v1';

/** Largest CSV upload accepted by the import endpoints. */
export const CSV_BODY_LIMIT = '10mb';

/**
 * Everything an HTTP process needs around its routes: security headers, body limits, validation,
 * one error shape, logging. Used by `main.ts` and by the e2e tests, so tests run what production runs.
 */
export function configureHttp(app: NestExpressApplication): void {
  const settings = app.get<Settings>(SettingsService);
  const trustProxy = settings.get('TRUST_PROXY', { infer: true }).trim();
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'metrics'] });
  app.useLogger(app.get(Logger));
  app.use(helmet());
  const origins = settings
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length ? origins : false, exposedHeaders: ['Link', 'ETag', 'X-Request-Id', 'Retry-After'] });
  app.useBodyParser('json', { limit: settings.get('BODY_LIMIT', { infer: true }) });
  app.useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: CSV_BODY_LIMIT });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
}

/** The OpenAPI document at /openapi.json and its UI at /docs. */
export function configureOpenApi(app: NestExpressApplication, title: string, description: string): void {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key', description: 'An access token from POST /api/v1/auth/login, or an API key' }, BEARER_AUTH)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A read-only API key for BI tools' }, API_KEY_AUTH)
    .build();
  const document = problemDetailsAsServed(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
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
