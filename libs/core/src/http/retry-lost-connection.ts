import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, retry, throwError, timer } from 'rxjs';
import { isConnectionError } from '../health/outages';

/** Methods that change nothing, so running their handler twice is harmless. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);
/** Long enough for a restarting PostgreSQL to accept connections again (a fast restart takes well under a second). */
export const LOST_CONNECTION_RETRY_MS = 500;

/**
 * Runs a read's handler once more when it failed on a lost or refused connection (PostgreSQL
 * restarted under it): the pool dropped the dead connection and hands the retry a fresh one. Writes
 * are not retried here, since a connection lost at COMMIT leaves the client unable to know whether
 * it took effect; they answer 503 with Retry-After, and a client retries them with its Idempotency-Key.
 */
export class RetryOnLostConnection implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (context.getType() !== 'http' || !SAFE_METHODS.has(request.method)) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      retry({
        count: 1,
        delay: (error: unknown) => (isConnectionError(error) && !reply.raw.headersSent ? timer(LOST_CONNECTION_RETRY_MS) : throwError(() => error)),
      }),
    );
  }
}
