import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EntityNotFoundError } from 'typeorm';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from '../database/transactions';
import { DomainError, FieldProblem } from './domain-errors';
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
}

/** Errors raised by body-parser before a route runs (malformed JSON, oversized body). */
interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error && typeof (error as BodyParserError).status === 'number';
}

/** Pulls the column name out of PostgreSQL's "Key (code)=(RBL) already exists." */
function violatedColumn(error: unknown): string {
  const detail = (error as { driverError?: { detail?: string } }).driverError?.detail ?? '';
  return /Key \(([^)]+)\)/.exec(detail)?.[1]?.split(',').pop()?.trim() ?? 'id';
}

function map(error: unknown): Mapped {
  // Nest wraps body-parser's errors in an HttpException; its own wording is clearer to a client.
  const cause = error instanceof HttpException ? error.cause : error;
  if (isBodyParserError(cause) && cause.status >= 400 && cause.status < 500) {
    const detail =
      cause.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : cause.type === 'entity.too.large'
          ? `The request body is larger than the limit of ${cause.limit} bytes`
          : `The request body could not be read (${cause.type})`;
    return { status: cause.status, detail };
  }
  if (error instanceof DomainError) {
    return { status: error.status, detail: error.message, errors: error.errors, headers: error.headers };
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
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const mapped = map(error);
    if (mapped.status >= 500) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: (HttpStatus[mapped.status] ?? 'Error')
        .split('_')
        .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
        .join(' '),
      status: mapped.status,
      detail: mapped.detail,
      instance: request.originalUrl ?? request.url,
      requestId: String(request.id ?? ''),
      ...(mapped.errors?.length ? { errors: mapped.errors } : {}),
    };
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(mapped.status).set(mapped.headers ?? {}).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
