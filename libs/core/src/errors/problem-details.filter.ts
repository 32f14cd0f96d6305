import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EntityNotFoundError } from 'typeorm';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from '../database/transactions';
import { dependencyOf, isConnectionError, outages } from '../health/outages';
import { bodyLimitOf } from '../http/body-limits';
import { DomainError, FieldProblem, UNAVAILABLE_RETRY_AFTER_SECONDS } from './domain-errors';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';

/** A failed @nestjs/terminus health check names each dependency that is down, and why. */
function failedChecks(body: unknown): FieldProblem[] | null {
  if (typeof body !== 'object' || body === null || (body as { status?: unknown }).status !== 'error') return null;
  const failed = (body as { error?: Record<string, { message?: unknown }> }).error ?? {};
  return Object.entries(failed).map(([field, check]) => ({ field, problem: typeof check.message === 'string' ? `is down: ${check.message}` : 'is down' }));
}

interface Mapped {
  status: number;
  detail: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
  code?: string;
}

/** Errors Fastify raises before a route runs: malformed JSON, an oversized body, an unknown media type. */
interface BodyError {
  statusCode: number;
  code?: string;
  message: string;
}

function isBodyError(error: unknown): error is BodyError {
  if (typeof error !== 'object' || error === null || typeof (error as BodyError).statusCode !== 'number') return false;
  return error instanceof SyntaxError || String((error as BodyError).code).startsWith('FST_ERR_CTP_');
}

function bodyProblem(error: BodyError, limit: number): string {
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The request body is not valid JSON';
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `The request body is larger than the limit of ${limit} bytes`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'The request body’s Content-Type is not one this API reads (application/json; text/csv for uploads)';
    default:
      return `The request body could not be read (${error.message})`;
  }
}

/** Pulls the column name out of PostgreSQL's "Key (code)=(RBL) already exists." */
function violatedColumn(error: unknown): string {
  const detail = (error as { driverError?: { detail?: string } }).driverError?.detail ?? '';
  return /Key \(([^)]+)\)/.exec(detail)?.[1]?.split(',').pop()?.trim() ?? 'id';
}


function map(error: unknown, request: FastifyRequest): Mapped {
  // Nest hands Fastify's errors on wrapped in an HttpException; our own wording is clearer to a client.
  const cause = error instanceof HttpException ? error.cause : error;
  if (isBodyError(cause) && cause.statusCode >= 400 && cause.statusCode < 500) {
    return { status: cause.statusCode, detail: bodyProblem(cause, bodyLimitOf(request)) };
  }
  if (error instanceof DomainError) {
    return { status: error.status, detail: error.message, errors: error.errors, headers: error.headers, code: error.code };
  }
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const down = failedChecks(body);
    if (down) return { status: error.getStatus(), detail: `Not ready: ${down.map((check) => check.field).join(' and ')} unreachable`, errors: down };
    if (typeof body === 'object' && body !== null && 'errors' in body) {
      const { detail, errors } = body as { detail: string; errors: FieldProblem[] };
      return { status: error.getStatus(), detail, errors };
    }
    const message = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
    return { status: error.getStatus(), detail: Array.isArray(message) ? message.join('; ') : (message ?? error.message) };
  }
  if (isConnectionError(cause)) {
    // PostgreSQL restarting or unreachable (a lost connection leaves the pool, which opens a fresh
    // one for the next request): nothing was committed that the client did not see acknowledged.
    outages.down(dependencyOf(cause), cause);
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: 'A service this request needs is unreachable for the moment; retry after the seconds in Retry-After (a retried submission with the same Idempotency-Key is stored once)',
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    };
  }
  if (error instanceof EntityNotFoundError) {
    return { status: HttpStatus.NOT_FOUND, detail: 'The requested resource does not exist' };
  }
  const code = pgErrorCode(error);
  if (code === PG_UNIQUE_VIOLATION) {
    const field = violatedColumn(error);
    return { status: HttpStatus.CONFLICT, detail: `A record with this ${field} already exists`, errors: [{ field, problem: 'already exists' }] };
  }
  if (code === PG_FOREIGN_KEY_VIOLATION) {
    const field = violatedColumn(error);
    return { status: HttpStatus.CONFLICT, detail: `The referenced ${field} does not exist or is still in use`, errors: [{ field, problem: 'reference conflict' }] };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'An unexpected error occurred; it has been logged' };
}

/** Maps every error, once, to RFC 9457 problem details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = map(error, request);
    // A 503 is an outage (a dependency unreachable), logged once when it starts and once when it ends by Outages.
    if (mapped.status >= 500 && mapped.status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ requestId: request.id, err: error instanceof Error ? error : new Error(String(error)) }, `unexpected error answering ${request.method} ${request.url}`);
    }
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: (HttpStatus[mapped.status] ?? 'Error')
        .split('_')
        .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
        .join(' '),
      status: mapped.status,
      detail: mapped.detail,
      instance: request.url,
      requestId: request.id,
      ...(mapped.errors?.length ? { errors: mapped.errors } : {}),
      ...(mapped.code ? { code: mapped.code } : {}),
    };
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    void reply.code(mapped.status).headers(mapped.headers ?? {}).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
