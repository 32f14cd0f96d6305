import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, InvalidInputError, NotFoundError, PUBLIC_ROUTE } from '@pp/core';
import { Authenticator } from '../auth/authenticator';
import type { Resource } from './actor';
import { CONVENTIONAL_PARAMS, PERMISSION, type PermissionSpec } from './permission.decorator';
import { authorisingPrincipal, can, forbiddenFields, holdsGrantOn, POLICY } from './policy';
import type { AuthenticatedRequest } from './request-context';
import { ResourceScopes } from './resource-scopes';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate every route passes (registered as APP_GUARD): authenticate, then ask the policy.
 * 401: no valid credentials. 403: the actor's roles never allow the action, or an API key tries to
 * write, or the action is allowed somewhere but not on a resource the actor holds a grant on (a lead
 * of one footprint who is an analyst on another, writing to the second: it exists for them, so
 * "not found" would be untrue). 404: allowed somewhere, but the named resource is outside the
 * actor's scope, or does not exist (the two are indistinguishable on purpose). 400: the body sets a field the actor's role may
 * not set. Routes without @Permission are refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly scopes: ResourceScopes,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.authenticator.authenticate(request);
    request.actor = actor;

    const spec = this.reflector.get<PermissionSpec | undefined>(PERMISSION, context.getHandler());
    if (!spec) throw new ForbiddenError('This route declares no permission, so nobody may call it');
    if (actor.kind === 'api_key' && !SAFE_METHODS.has(request.method)) throw new ForbiddenError('API keys are read-only');
    if (!can(actor, spec.action)) throw new ForbiddenError(`Your roles do not allow ${spec.action}`);

    const resources: { kind: string; id: string; scopes: Resource[] }[] = [];
    for (const [param, id] of Object.entries(request.params ?? {})) {
      const kind = spec.params[param] ?? CONVENTIONAL_PARAMS[param];
      if (kind && typeof id === 'string') resources.push({ kind, id, scopes: await this.scopes.resolve(kind, id) });
    }
    const scoped = Object.values(POLICY[spec.action]).includes('scoped');
    if (scoped && resources.length === 0 && Object.keys(request.params ?? {}).length > 0) {
      // A scoped action on a route whose ids the guard cannot place would be checked against nothing.
      throw new Error(`${request.method} ${request.routeOptions.url ?? request.url} names no resource kind for its parameters`);
    }

    let principal = authorisingPrincipal(actor, spec.action);
    for (const { kind, id, scopes } of resources) {
      for (const resource of scopes) {
        principal = authorisingPrincipal(actor, spec.action, resource);
        if (!principal) {
          if (holdsGrantOn(actor, resource)) throw new ForbiddenError(`Your roles on this ${kind} do not allow ${spec.action}`);
          throw new NotFoundError(kind, id);
        }
      }
    }
    const refused = principal ? forbiddenFields(principal, spec.action, request.body) : [];
    if (refused.length > 0) {
      const problems = refused.map((field) => ({ field, problem: `may not be set by ${principal}` }));
      throw new InvalidInputError(`Fields you may not set: ${refused.join(', ')}`, problems);
    }
    request.authorisedAs = principal;
    return true;
  }
}
