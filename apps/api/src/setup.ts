import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { applyApiPrefix, configureHttp, configureOpenApi, openApiDocument } from '@pp/core';
import { serveWebApp, WEB_APP_DIR } from './web-app';

const TITLE = 'Partnership Pulse API';
const DESCRIPTION =
  'Relationship and trust health of health and social care partnerships: footprints, member organisations, ' +
  'quarterly pulse rounds, scores, trends and alerts. Errors are RFC 9457 problem details.';

/**
 * Wires an API application the same way for production (main.ts) and the e2e tests. `webAppDir` is
 * the web app's build; null leaves it out (API suites, which enumerate the router's routes).
 */
export function setupApi(app: NestFastifyApplication, { webAppDir = WEB_APP_DIR }: { webAppDir?: string | null } = {}): void {
  configureHttp(app);
  configureOpenApi(app, TITLE, DESCRIPTION);
  if (webAppDir !== null) serveWebApp(app, webAppDir);
}

/** The OpenAPI document of an app that was not set up (scripts/openapi-schema.ts, no server). */
export function apiDocument(app: NestFastifyApplication): OpenAPIObject {
  applyApiPrefix(app);
  return openApiDocument(app, TITLE, DESCRIPTION);
}
