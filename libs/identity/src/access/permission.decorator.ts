import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiNotFoundResponse, ApiSecurity, ApiUnauthorizedResponse, DECORATORS } from '@nestjs/swagger';
import { API_KEY_AUTH, BEARER_AUTH, ProblemDetails } from '@pp/core';
import type { Actor } from './actor';
import { type Action, POLICY, principalsFor } from './policy';

export const PERMISSION = 'pp:permission';

/** What the guard reads: the action, and which route parameters name which kind of resource. */
export interface PermissionSpec {
  action: Action;
  params: Record<string, string>;
}

/** Route parameters that mean the same resource kind on every route. */
export const CONVENTIONAL_PARAMS: Record<string, string> = { footprintId: 'footprint', organisationId: 'organisation' };

function describe(action: Action): string {
  const row = POLICY[action];
  const who = principalsFor(action)
    .map((p) => (row[p] === 'scoped' ? `${p} (own scope)` : p))
    .join(', ');
  return `Requires \`${action}\`: ${who}.`;
}

/** Appends the permission to the operation's description without touching a summary set by @ApiOperation. */
function documentPermission(action: Action): MethodDecorator {
  return (_target, _key, descriptor) => {
    const operation = (Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value as object) ?? {}) as { description?: string };
    const description = [operation.description, describe(action)].filter(Boolean).join('\n\n');
    Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, description }, descriptor.value as object);
    return descriptor;
  };
}

/**
 * Declares the action a route performs; the access guard asks the policy. `params` says what a
 * route parameter names, e.g. `{ id: 'organisation' }`; `:footprintId` and `:organisationId` need
 * no saying. The same declaration documents the route in OpenAPI (`x-required-permission`).
 */
export function Permission(action: Action, params: Record<string, string> = {}): MethodDecorator {
  const readable = POLICY[action].api_key !== undefined;
  return applyDecorators(
    SetMetadata(PERMISSION, { action, params } satisfies PermissionSpec),
    ApiExtension('x-required-permission', { action, principals: principalsFor(action) }),
    documentPermission(action),
    ApiBearerAuth(BEARER_AUTH),
    ...(readable ? [ApiSecurity(API_KEY_AUTH)] : []),
    ApiUnauthorizedResponse({ type: ProblemDetails, description: 'No valid access token or API key' }),
    ApiForbiddenResponse({ type: ProblemDetails, description: 'Your roles never allow this action, or not on this resource, which one of your grants reaches (API keys: any write)' }),
    ApiNotFoundResponse({ type: ProblemDetails, description: 'No such resource within your scope' }),
  );
}

/** The authenticated actor of the request, as the access guard attached it. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
