import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import type { Actor } from './actor';
import type { Principal } from './policy';

/** What the access guard attaches to a request. */
export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
  /** The principal under which the policy allowed the route's action. */
  authorisedAs?: Principal;
}

export interface RequestContext {
  requestId?: string;
  actor?: Actor;
  authorisedAs?: Principal;
  /** A process acting on its own rather than for a caller, e.g. `scheduler`: what the audit log names. */
  system?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Who is acting and in which request, for code far from the controller (the audit log). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Runs `work` as a named part of the system, e.g. the worker's scheduler, so the audit entries of
 * its writes say which part acted; `traceId` (e.g. the job id) takes the place of a request id.
 */
export function runAsSystem<T>(system: string, traceId: string | undefined, work: () => Promise<T>): Promise<T> {
  return storage.run({ system, requestId: traceId }, work);
}

/** Runs the route handler with its request's context available through `currentRequest()`. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const store: RequestContext = { requestId: request.id === undefined ? undefined : String(request.id), actor: request.actor, authorisedAs: request.authorisedAs };
    return new Observable((subscriber) => storage.run(store, () => next.handle().subscribe(subscriber)));
  }
}
