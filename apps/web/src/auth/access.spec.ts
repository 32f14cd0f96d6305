import { describe, expect, it } from '@jest/globals';
import { can } from './access';
import type { Account } from './use-account';

const LED = '11111111-1111-4111-8111-111111111111';
const ANALYSED = '22222222-2222-4222-8222-222222222222';

/** A lead of one footprint and analyst of another, as GET /me describes them. */
const leadAndAnalyst: Account = {
  kind: 'user',
  id: '33333333-3333-4333-8333-333333333333',
  label: 'both@example.org',
  grants: [
    { role: 'footprint_lead', footprintId: LED },
    { role: 'analyst', footprintId: ANALYSED },
  ],
  actions: ['round.read', 'round.manage'],
  actionsEverywhere: ['account.read'],
  footprints: [
    { footprintId: LED, actions: ['round.read', 'round.manage'] },
    { footprintId: ANALYSED, actions: ['round.read'] },
  ],
};

describe('can', () => {
  it('answers per footprint from what GET /me says of that footprint', () => {
    expect(can(leadAndAnalyst, 'round.manage', LED)).toBe(true);
    expect(can(leadAndAnalyst, 'round.manage', ANALYSED)).toBe(false);
    expect(can(leadAndAnalyst, 'round.read', ANALYSED)).toBe(true);
    expect(can(leadAndAnalyst, 'round.read', '44444444-4444-4444-8444-444444444444')).toBe(false);
  });

  it('answers "anywhere" without a footprint, and yes on every footprint for an action allowed everywhere', () => {
    expect(can(leadAndAnalyst, 'round.manage')).toBe(true);
    expect(can(leadAndAnalyst, 'user.manage')).toBe(false);
    const admin: Account = { ...leadAndAnalyst, grants: [{ role: 'platform_admin' }], actionsEverywhere: ['round.manage'], footprints: [] };
    expect(can(admin, 'round.manage', ANALYSED)).toBe(true);
  });

  it('allows nothing without an account', () => {
    expect(can(null, 'round.read')).toBe(false);
    expect(can(undefined, 'round.read', LED)).toBe(false);
  });
});
