import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttp, configureOpenApi } from '@pp/core';

/** Wires an API application the same way for production (main.ts) and the e2e tests. */
export function setupApi(app: NestFastifyApplication): void {
  configureHttp(app);
  configureOpenApi(
    app,
    'Partnership Pulse API',
    'Relationship and trust health of health and social care partnerships: footprints, member organisations, ' +
      'quarterly pulse rounds, scores, trends and alerts. Errors are RFC 9457 problem details.',
  );
}
