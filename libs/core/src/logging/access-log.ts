import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/**
 * One short line per request: who asked for what and how it ended. Flat, and with no headers: the
 * logger's `req` and `res` serializers (pino-http's) expect Node's own request and response objects.
 */
function accessLogEntry(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  return {
    requestId: request.id,
    method: request.method,
    url: request.url,
    statusCode: reply.statusCode,
    responseTime: Math.round(reply.elapsedTime),
    remoteAddress: request.ip,
    userAgent: request.headers['user-agent'],
  };
}

/**
 * Writes the access log from Fastify's onResponse hook, at info (error for a 5xx but 503), except for the
 * `unlogged` routes (probes and scrapes, too frequent to log). pino-http's middleware did this
 * before, but it built and serialised a child logger for every request, even at levels that write
 * nothing, and cost a third of a cached read's throughput.
 */
export function logAccess(server: FastifyInstance, logger: Logger, unlogged: readonly string[]): void {
  const skipped = new Set(unlogged.map((path) => `/${path}`));
  server.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    // A 503 is a dependency's outage, not a fault of the request or the code: Outages logs it once.
    const level = reply.statusCode === 503 ? 'warn' : failed ? 'error' : 'info';
    if (logger.isLevelEnabled(level) && !skipped.has(request.routeOptions.url ?? '')) {
      logger[level](accessLogEntry(request, reply), failed ? 'request failed' : 'request completed');
    }
    done();
  });
}
