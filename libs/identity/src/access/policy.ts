import type { Actor, Grant, Resource, Role } from './actor';

/**
 * Every action a route can require. Reads end in `.read`; they are the only actions an API key
 * may hold. Add an action here and give it a row in POLICY; nothing else decides access.
 */
export const ACTIONS = [
  'account.read',
  'account.update',
  'footprint.read',
  'footprint.create',
  'footprint.update',
  'footprint.archive',
  'organisation.read',
  'organisation.write',
  'membership.read',
  'membership.write',
  'user.read',
  'user.manage',
  'api_key.read',
  'api_key.manage',
  'audit.read',
  'instrument.read',
  'instrument.manage',
  'round.read',
  'round.manage',
  'response_rate.read',
  'response.submit',
  'response.read_own',
  'response.import',
  'free_text.read',
  'score.read',
  'alert.read',
  'job.read',
  'alert.manage',
  'alert.read_own',
  'alert.update_own',
  'alert_rule.read',
  'alert_rule.manage',
  'webhook.read',
  'webhook.manage',
  'action.read',
  'action.manage',
  'action.read_own',
  'benchmark.read_all',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The granted roles, the API-key pseudo-role, and `user`: anyone signed in, whatever they were granted. */
export type Principal = Role | 'api_key' | 'user';
export const PRINCIPALS: readonly Principal[] = ['platform_admin', 'footprint_lead', 'analyst', 'org_submitter', 'api_key', 'user'];

/** `all`: anywhere on the platform. `scoped`: only within the footprint or organisation of the grant. */
export type Reach = 'all' | 'scoped';

/** The one access policy: action × principal → reach. A missing cell means never. */
export const POLICY: Record<Action, Partial<Record<Principal, Reach>>> = {
  'account.read': { user: 'all', api_key: 'all' },
  'account.update': { user: 'all' },
  'footprint.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  'footprint.create': { platform_admin: 'all' },
  'footprint.update': { platform_admin: 'all', footprint_lead: 'scoped' },
  'footprint.archive': { platform_admin: 'all' },
  'organisation.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', org_submitter: 'scoped', api_key: 'scoped' },
  'organisation.write': { platform_admin: 'all' },
  'membership.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  'membership.write': { platform_admin: 'all' },
  'user.read': { platform_admin: 'all' },
  'user.manage': { platform_admin: 'all' },
  'api_key.read': { platform_admin: 'all', footprint_lead: 'scoped' },
  'api_key.manage': { platform_admin: 'all', footprint_lead: 'scoped' },
  'audit.read': { platform_admin: 'all', footprint_lead: 'scoped' },
  'instrument.read': { user: 'all', api_key: 'all' },
  'instrument.manage': { platform_admin: 'all' },
  'round.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  'round.manage': { platform_admin: 'all', footprint_lead: 'scoped' },
  'response_rate.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  // Answering is for an organisation's own submitters only: no other role speaks for it.
  'response.submit': { org_submitter: 'scoped' },
  // Any signed-in user, and the service reads only the caller's own response.
  'response.read_own': { user: 'all' },
  'response.import': { platform_admin: 'all', footprint_lead: 'scoped' },
  // Free text can identify its writer: only the footprint's leads, behind the anonymity threshold.
  'free_text.read': { footprint_lead: 'scoped' },
  // Aggregates only, and every one passes the anonymity gate: whoever reads the footprint reads its scores.
  'score.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  'alert.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  // Background jobs span every footprint, and failed ones carry raw error text: platform admins only.
  'job.read': { platform_admin: 'all' },
  // Acknowledging and resolving: the leads who are notified, and platform admins.
  'alert.manage': { platform_admin: 'all', footprint_lead: 'scoped' },
  // Any signed-in user's own in-app alerts; the service reads and marks only the caller's.
  'alert.read_own': { user: 'all' },
  'alert.update_own': { user: 'all' },
  'alert_rule.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  'alert_rule.manage': { platform_admin: 'all', footprint_lead: 'scoped' },
  // Endpoint URLs and their delivery logs are configuration: leads only.
  'webhook.read': { platform_admin: 'all', footprint_lead: 'scoped' },
  'webhook.manage': { platform_admin: 'all', footprint_lead: 'scoped' },
  // Action plans: whoever reads the footprint's alerts reads what is being done about them; its leads record and update them.
  'action.read': { platform_admin: 'all', footprint_lead: 'scoped', analyst: 'scoped', api_key: 'scoped' },
  'action.manage': { platform_admin: 'all', footprint_lead: 'scoped' },
  // Any signed-in user's own overdue actions; the service reads only the caller's.
  'action.read_own': { user: 'all' },
  // The national benchmark's full table names every sharing footprint with its figures: platform admins only.
  'benchmark.read_all': { platform_admin: 'all' },
};

/**
 * Writes a principal may make only to some fields. A request body naming any other field is
 * refused, naming it, before the route runs: a lead may rename their footprint and set its
 * anonymity threshold, and opt in to (or out of) the national benchmark, but not move its code, kind or nation.
 */
export const SETTABLE_FIELDS: Partial<Record<Action, Partial<Record<Principal, readonly string[]>>>> = {
  'footprint.update': { footprint_lead: ['name', 'anonymityThreshold', 'benchmarkSharing'] },
};

/** Fields of `body` the principal may not set under `action`; empty when all may be set. */
export function forbiddenFields(principal: Principal, action: Action, body: unknown): string[] {
  const settable = SETTABLE_FIELDS[action]?.[principal];
  if (!settable || typeof body !== 'object' || body === null) return [];
  return Object.keys(body).filter((field) => !settable.includes(field));
}

interface Held {
  principal: Principal;
  grant?: Grant;
}

/** What the actor holds, strongest first, so the audit log names the role that allowed an action. */
function holdings(actor: Actor): Held[] {
  const held: Held[] = actor.grants.map((grant) => ({ principal: grant.role, grant }));
  if (actor.kind === 'user') held.push({ principal: 'user' });
  return held.sort((a, b) => PRINCIPALS.indexOf(a.principal) - PRINCIPALS.indexOf(b.principal));
}

function covers(grant: Grant | undefined, resource: Resource): boolean {
  if (grant?.footprintId) {
    return resource.footprintId === grant.footprintId || (resource.memberOf?.includes(grant.footprintId) ?? false);
  }
  if (grant?.organisationId) {
    return resource.organisationId === grant.organisationId;
  }
  return false;
}

/** Whether one of the actor's grants reaches `resource`: then the actor knows the resource exists. */
export function holdsGrantOn(actor: Actor, resource: Resource): boolean {
  return actor.grants.some((grant) => covers(grant, resource));
}

/**
 * The principal under which `actor` may perform `action` on `resource`, or undefined when it may not.
 * Without a resource (a list, or a creation whose scope is checked field by field) any reach suffices.
 */
export function authorisingPrincipal(actor: Actor, action: Action, resource?: Resource): Principal | undefined {
  const row = POLICY[action];
  for (const { principal, grant } of holdings(actor)) {
    const reach = row[principal];
    if (reach === 'all' || (reach === 'scoped' && (resource === undefined || covers(grant, resource)))) {
      return principal;
    }
  }
  return undefined;
}

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return authorisingPrincipal(actor, action, resource) !== undefined;
}

/** Where an action's reach extends: what a list must be filtered to. */
export type Scope = { all: true } | { all: false; footprintIds: string[]; organisationIds: string[] };

export function scopeOf(actor: Actor, action: Action): Scope {
  const row = POLICY[action];
  const footprintIds = new Set<string>();
  const organisationIds = new Set<string>();
  for (const { principal, grant } of holdings(actor)) {
    const reach = row[principal];
    if (reach === 'all') return { all: true };
    if (reach === 'scoped' && grant?.footprintId) footprintIds.add(grant.footprintId);
    if (reach === 'scoped' && grant?.organisationId) organisationIds.add(grant.organisationId);
  }
  return { all: false, footprintIds: [...footprintIds], organisationIds: [...organisationIds] };
}

/** The principals that may perform an action somewhere: what the OpenAPI document shows per route. */
export function principalsFor(action: Action): Principal[] {
  return PRINCIPALS.filter((principal) => POLICY[action][principal] !== undefined);
}
