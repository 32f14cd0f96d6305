/** One problem with one field of the input; `row` is set for file imports (1-based, header excluded). */
export interface FieldProblem {
  field: string;
  problem: string;
  row?: number;
}

/** Errors the domain raises; the problem-details filter maps each kind to its HTTP status once. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Response headers the client needs to act on the error, e.g. Retry-After or WWW-Authenticate. */
  readonly headers: Record<string, string> = {};

  constructor(
    detail: string,
    readonly errors: FieldProblem[] = [],
    /** A stable, machine-readable name of the problem for clients to switch on, e.g. `pulse_link_used`; the detail is for people. */
    readonly code?: string,
  ) {
    super(detail);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;

  constructor(entity: string, id: string) {
    super(`${entity} ${id} does not exist`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
}

/** Well-formed input that cannot be processed as a whole, e.g. a CSV with bad rows. */
export class UnprocessableError extends DomainError {
  readonly status = 422;
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** How long a client is asked to wait when PostgreSQL or Redis is unreachable: a restart takes about a second. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** A service the request needs (e.g. Redis) is unreachable for now; the same request may succeed later. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  override readonly headers = { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) };
}

/** No credentials, or credentials that are invalid or expired. */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  override readonly headers = { 'WWW-Authenticate': 'Bearer' };
}
