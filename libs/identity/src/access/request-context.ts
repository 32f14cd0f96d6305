import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/** A request's context, read when asked: the access guard names the actor after the context begins. */
function contextOf(request: AuthenticatedRequest): RequestContext {
  return {
    requestId: String(request.id),
    get actor() {
      return request.actor;
    },
    get authorisedAs() {
      return request.authorisedAs;
    },
  };
}

/**
 * Runs each route, guards included, with its request's context available through `currentRequest()`.
 * A Fastify hook rather than a Nest interceptor: an interceptor puts every request through an RxJS
 * pipeline, which cost a third of a cached read's throughput.
 */
@Injectable()
export class RequestContextHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // A standalone application context (the CLI) has no HTTP server.
    const server = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    server?.addHook('preHandler', (request, _reply, done) => storage.run(contextOf(request), done));
  }
}
