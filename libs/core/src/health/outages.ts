import { Logger } from '@nestjs/common';

/** The services a process cannot work without. */
export type Dependency = 'postgres' | 'redis';

/** Node's socket errors: the server is not there (refused, reset, timed out, unresolvable). */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** PostgreSQL's: the connection failed (class 08), or the server is shutting down, crashed or is starting up (57P01-57P03). */
const PG_UNAVAILABLE = /^(08...|57P0[123])$/;
/** What node-postgres and ioredis say when a connection died or could not be made, without a code. */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Stream isn't writeable|Reached the max retries per request limit)/;

/**
 * True when `error` says a server was unreachable or the connection to it was lost, rather than
 * that the request itself was wrong: the same request may well succeed a moment later. Looks
 * through TypeORM's QueryFailedError (driverError), `cause` and AggregateError's `errors`.
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_ERRORS.has(code) || PG_UNAVAILABLE.test(code))) return true;
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  if (Array.isArray(errors) && errors.some((one) => isConnectionError(one, depth + 1))) return true;
  return isConnectionError(driverError, depth + 1) || isConnectionError(cause, depth + 1);
}

/** Which dependency a connection error came from: ioredis's own errors name no socket; the rest here are PostgreSQL's. */
export function dependencyOf(error: unknown): Dependency {
  return /^(Connection is closed|Stream isn't writeable|Reached the max retries)/.test((error as { message?: string } | null)?.message ?? '') ? 'redis' : 'postgres';
}

const reason = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error));

/**
 * Which of the process's dependencies are down, so that an outage is logged twice, once when it
 * starts and once when it ends, however many requests, polls, reconnection attempts and jobs run
 * into it meanwhile (each of which would otherwise log its own error, many times a second).
 * One per process: the error filter and the queue workers, which are not built by the injector,
 * report here as the readiness check and the connections do.
 */
export class Outages {
  private readonly since = new Map<Dependency, number>();
  private readonly upAt = new Map<Dependency, number>();

  /**
   * `settleMs`: after a dependency is back, failures are not a new outage for this long. A process
   * holds several connections to Redis (and a pool to PostgreSQL), which reconnect one after the
   * other: the first back ends the outage, the stragglers' last failures are part of it.
   */
  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'log'> = new Logger('Outage'),
    private readonly settleMs = 5000,
  ) {}

  /** `dependency` failed with `error`: logged if it was up until now (and has not just come back). */
  down(dependency: Dependency, error: unknown): void {
    if (this.since.has(dependency) || Date.now() - (this.upAt.get(dependency) ?? -Infinity) < this.settleMs) return;
    this.since.set(dependency, Date.now());
    this.logger.warn(`${dependency} is unreachable (${reason(error)}); what needs it waits or answers 503 until it is back`);
  }

  /** `dependency` answered: logged, with how long it was down, if it was down. */
  up(dependency: Dependency): void {
    const since = this.since.get(dependency);
    if (since === undefined) return;
    this.since.delete(dependency);
    this.upAt.set(dependency, Date.now());
    this.logger.log(`${dependency} is reachable again after ${((Date.now() - since) / 1000).toFixed(1)} s`);
  }

  isDown(dependency: Dependency): boolean {
    return this.since.has(dependency);
  }
}

export const outages = new Outages();
