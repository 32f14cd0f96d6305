import { afterFailure, type LoginState, secondsLocked } from './lockout';

const rules = { maxFailures: 3, lockoutSeconds: 600 };
const now = new Date('2026-11-23T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('lockout', () => {
  it.each<[string, LoginState, LoginState & { lockedNow: boolean }]>([
    ['counts a first failure', { failedLoginCount: 0, lockedUntil: null }, { failedLoginCount: 1, lockedUntil: null, lockedNow: false }],
    ['counts up to one below the limit', { failedLoginCount: 1, lockedUntil: null }, { failedLoginCount: 2, lockedUntil: null, lockedNow: false }],
    ['locks at the limit and starts a fresh count', { failedLoginCount: 2, lockedUntil: null }, { failedLoginCount: 0, lockedUntil: later(600), lockedNow: true }],
    ['restarts the count once a lock has run out', { failedLoginCount: 2, lockedUntil: later(-1) }, { failedLoginCount: 1, lockedUntil: null, lockedNow: false }],
  ])('%s', (_name, state, expected) => {
    expect(afterFailure(state, now, rules)).toEqual(expected);
  });

  it('tells how long an account stays locked, in whole seconds', () => {
    expect(secondsLocked({ failedLoginCount: 0, lockedUntil: null }, now)).toBe(0);
    expect(secondsLocked({ failedLoginCount: 0, lockedUntil: later(-5) }, now)).toBe(0);
    expect(secondsLocked({ failedLoginCount: 0, lockedUntil: later(90.2) }, now)).toBe(91);
  });
});
