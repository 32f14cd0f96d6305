import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where `npm run build:web` writes the web app, beside the API's own build (the processes run from the project root). */
export const WEB_APP_DIR = resolve('dist/web');

/** Paths that belong to the API and its operations: never answered with the web app's page. */
const API_PATHS = /^\/(api|docs|openapi\.json|openapi\.yaml|health|metrics)(\/|$)/;

/**
 * Serves the built web app at `/`: hashed files under /assets cached for a year (a new build has new
 * names), and index.html, never cached, for every client route a browser asks for. API-only deploys
 * have no build: the API then starts without the web app and says so once.
 */
export function serveWebApp(app: NestFastifyApplication, dir: string = WEB_APP_DIR): void {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('WebApp').log(`No web app build at ${indexFile}: serving the API only (npm run build:web builds it)`);
    return;
  }
  const index = readFileSync(indexFile);
  app.useStaticAssets({ root: join(dir, 'assets'), prefix: '/assets/', decorateReply: false, index: false, cacheControl: true, immutable: true, maxAge: '365d' });
  const server = app.getHttpAdapter().getInstance();
  const page = (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    // Unknown API paths and requests for anything but a page get the API's own 404 (problem details).
    if (API_PATHS.test(path) || path.startsWith('/assets/') || !(request.headers.accept ?? '').includes('text/html')) return reply.callNotFound();
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };
  server.get('/', page);
  server.get('/*', page);
}
