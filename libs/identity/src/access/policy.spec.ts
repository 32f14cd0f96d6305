import type { Actor, Resource } from './actor';
import { ACTIONS, type Action, authorisingPrincipal, can, forbiddenFields, holdsGrantOn, POLICY, type Principal, PRINCIPALS, principalsFor, scopeOf } from './policy';

const HOME = 'f0000000-0000-4000-8000-000000000001';
const AWAY = 'f0000000-0000-4000-8000-000000000002';
const HOME_ORG = 'a0000000-0000-4000-8000-000000000001';
const AWAY_ORG = 'a0000000-0000-4000-8000-000000000002';

/** One actor per principal, each holding it in the home footprint or organisation. */
const actors: Record<Principal, Actor> = {
  platform_admin: { kind: 'user', id: 'admin', label: 'admin', grants: [{ role: 'platform_admin' }] },
  footprint_lead: { kind: 'user', id: 'lead', label: 'lead', grants: [{ role: 'footprint_lead', footprintId: HOME }] },
  analyst: { kind: 'user', id: 'analyst', label: 'analyst', grants: [{ role: 'analyst', footprintId: HOME }] },
  org_submitter: { kind: 'user', id: 'submitter', label: 'submitter', grants: [{ role: 'org_submitter', organisationId: HOME_ORG }] },
  api_key: { kind: 'api_key', id: 'key', label: 'pp_key', grants: [{ role: 'api_key', footprintId: HOME }] },
  user: { kind: 'user', id: 'nobody', label: 'nobody', grants: [] },
};

/** Actions whose routes name an organisation rather than a footprint. */
const ORGANISATION_ACTIONS: readonly Action[] = ['response.submit'];

/** The resource an action is about, at home and away: organisations reach footprints through memberships. */
function resources(action: Action): { home: Resource; away: Resource } {
  return action.startsWith('organisation.') || ORGANISATION_ACTIONS.includes(action)
    ? { home: { organisationId: HOME_ORG, memberOf: [HOME] }, away: { organisationId: AWAY_ORG, memberOf: [AWAY] } }
    : { home: { footprintId: HOME }, away: { footprintId: AWAY } };
}

type Expect = 'everywhere' | 'home' | 'never';
const [E, H, N]: Expect[] = ['everywhere', 'home', 'never'];

/**
 * Written out independently of POLICY, so a change to the policy must be made twice, on purpose.
 * Columns: platform_admin, footprint_lead, analyst, org_submitter, api_key, user (signed in, no grants).
 */
const EXPECTED: Record<Action, [Expect, Expect, Expect, Expect, Expect, Expect]> = {
  'account.read': [E, E, E, E, E, E],
  'account.update': [E, E, E, E, N, E],
  'footprint.read': [E, H, H, N, H, N],
  'footprint.create': [E, N, N, N, N, N],
  'footprint.update': [E, H, N, N, N, N],
  'footprint.archive': [E, N, N, N, N, N],
  'organisation.read': [E, H, H, H, H, N],
  'organisation.write': [E, N, N, N, N, N],
  'membership.read': [E, H, H, N, H, N],
  'membership.write': [E, N, N, N, N, N],
  'user.read': [E, N, N, N, N, N],
  'user.manage': [E, N, N, N, N, N],
  'api_key.read': [E, H, N, N, N, N],
  'api_key.manage': [E, H, N, N, N, N],
  'audit.read': [E, H, N, N, N, N],
  'instrument.read': [E, E, E, E, E, E],
  'instrument.manage': [E, N, N, N, N, N],
  'round.read': [E, H, H, N, H, N],
  'round.manage': [E, H, N, N, N, N],
  'response_rate.read': [E, H, H, N, H, N],
  'response.submit': [N, N, N, H, N, N],
  'response.read_own': [E, E, E, E, N, E],
  'response.import': [E, H, N, N, N, N],
  'free_text.read': [N, H, N, N, N, N],
  'score.read': [E, H, H, N, H, N],
  'alert.read': [E, H, H, N, H, N],
  'job.read': [E, N, N, N, N, N],
  'alert.manage': [E, H, N, N, N, N],
  'alert.read_own': [E, E, E, E, N, E],
  'alert.update_own': [E, E, E, E, N, E],
  'alert_rule.read': [E, H, H, N, H, N],
  'alert_rule.manage': [E, H, N, N, N, N],
  'webhook.read': [E, H, N, N, N, N],
  'webhook.manage': [E, H, N, N, N, N],
  'action.read': [E, H, H, N, H, N],
  'action.manage': [E, H, N, N, N, N],
  'action.read_own': [E, E, E, E, N, E],
  'benchmark.read_all': [E, N, N, N, N, N],
};

describe('access policy', () => {
  it('has an expectation for every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  const cases = ACTIONS.flatMap((action) => PRINCIPALS.map((principal, i) => [action, principal, EXPECTED[action][i]] as const));

  it.each(cases)('%s by %s: %s', (action, principal, expected) => {
    const actor = actors[principal];
    const { home, away } = resources(action);
    expect([can(actor, action, home), can(actor, action, away)]).toEqual([expected !== 'never', expected === 'everywhere']);
    // Without a named resource (lists, creations) any reach lets the route run; the list is then filtered.
    expect(can(actor, action)).toBe(expected !== 'never');
  });

  it('gives API keys read actions only', () => {
    const keyActions = ACTIONS.filter((action) => POLICY[action].api_key !== undefined);
    expect(keyActions.every((action) => action.endsWith('.read'))).toBe(true);
  });

  it('lets only platform-wide reach cover a resource that does not exist', () => {
    const nowhere: Resource = {};
    expect(can(actors.platform_admin, 'footprint.read', nowhere)).toBe(true);
    for (const principal of ['footprint_lead', 'analyst', 'org_submitter', 'api_key'] as const) {
      expect(can(actors[principal], 'footprint.read', nowhere)).toBe(false);
    }
  });

  it('names the strongest principal that allows an action', () => {
    const both: Actor = { kind: 'user', id: 'x', label: 'x', grants: [{ role: 'analyst', footprintId: HOME }, { role: 'platform_admin' }] };
    expect(authorisingPrincipal(both, 'footprint.read', { footprintId: HOME })).toBe('platform_admin');
    const leadAndAnalyst: Actor = { kind: 'user', id: 'y', label: 'y', grants: [{ role: 'analyst', footprintId: HOME }, { role: 'footprint_lead', footprintId: AWAY }] };
    expect(authorisingPrincipal(leadAndAnalyst, 'footprint.read', { footprintId: HOME })).toBe('analyst');
    expect(authorisingPrincipal(leadAndAnalyst, 'footprint.read', { footprintId: AWAY })).toBe('footprint_lead');
    expect(authorisingPrincipal(actors.user, 'account.read')).toBe('user');
  });

  it('knows which resources a grant reaches, whatever the action (a refusal there is a 403, elsewhere a 404)', () => {
    const leadAndAnalyst: Actor = { kind: 'user', id: 'y', label: 'y', grants: [{ role: 'analyst', footprintId: HOME }, { role: 'footprint_lead', footprintId: AWAY }] };
    expect(can(leadAndAnalyst, 'round.manage', { footprintId: HOME })).toBe(false);
    expect(holdsGrantOn(leadAndAnalyst, { footprintId: HOME })).toBe(true);
    expect(holdsGrantOn(leadAndAnalyst, { organisationId: 'o', memberOf: [AWAY] })).toBe(true);
    expect(holdsGrantOn(leadAndAnalyst, { footprintId: 'elsewhere' })).toBe(false);
    expect(holdsGrantOn(leadAndAnalyst, {})).toBe(false);
  });

  it('reaches an organisation from any footprint it is a member of', () => {
    const shared: Resource = { organisationId: AWAY_ORG, memberOf: [AWAY, HOME] };
    expect(can(actors.analyst, 'organisation.read', shared)).toBe(true);
    expect(can(actors.org_submitter, 'organisation.read', shared)).toBe(false);
  });

  it('gives the scope a list is filtered to', () => {
    expect(scopeOf(actors.platform_admin, 'footprint.read')).toEqual({ all: true });
    expect(scopeOf(actors.footprint_lead, 'footprint.read')).toEqual({ all: false, footprintIds: [HOME], organisationIds: [] });
    expect(scopeOf(actors.org_submitter, 'organisation.read')).toEqual({ all: false, footprintIds: [], organisationIds: [HOME_ORG] });
    expect(scopeOf(actors.org_submitter, 'footprint.read')).toEqual({ all: false, footprintIds: [], organisationIds: [] });
    const twoFootprints: Actor = { kind: 'user', id: 'z', label: 'z', grants: [{ role: 'analyst', footprintId: HOME }, { role: 'footprint_lead', footprintId: AWAY }] };
    expect(scopeOf(twoFootprints, 'audit.read')).toEqual({ all: false, footprintIds: [AWAY], organisationIds: [] });
  });

  it('lists the principals of an action for the OpenAPI document', () => {
    expect(principalsFor('api_key.manage')).toEqual(['platform_admin', 'footprint_lead']);
  });

  it('names the fields a principal may not set', () => {
    expect(forbiddenFields('footprint_lead', 'footprint.update', { name: 'x', code: 'E54000001', nation: 'wales' })).toEqual(['code', 'nation']);
    expect(forbiddenFields('footprint_lead', 'footprint.update', { name: 'x', anonymityThreshold: 7 })).toEqual([]);
    expect(forbiddenFields('footprint_lead', 'footprint.update', { benchmarkSharing: true })).toEqual([]);
    expect(forbiddenFields('platform_admin', 'footprint.update', { code: 'E54000001' })).toEqual([]);
  });
});
