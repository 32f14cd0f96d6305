/** The sign-in state of an account that lockout reads and writes. */
export interface LoginState {
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export interface LockoutRules {
  maxFailures: number;
  lockoutSeconds: number;
}

/** Whole seconds until the account may try again; 0 when it is not locked. */
export function secondsLocked(state: LoginState, now: Date): number {
  if (!state.lockedUntil || state.lockedUntil <= now) return 0;
  return Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000);
}

/**
 * The state after a wrong password. The count restarts once a lock has run out, and the failure
 * that reaches the limit locks the account and starts a fresh count for after the lock.
 */
export function afterFailure(state: LoginState, now: Date, rules: LockoutRules): LoginState & { lockedNow: boolean } {
  const lockExpired = state.lockedUntil !== null && state.lockedUntil <= now;
  const failures = (lockExpired ? 0 : state.failedLoginCount) + 1;
  if (failures >= rules.maxFailures) {
    return { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + rules.lockoutSeconds * 1000), lockedNow: true };
  }
  return { failedLoginCount: failures, lockedUntil: lockExpired ? null : state.lockedUntil, lockedNow: false };
}

export const AFTER_SUCCESS: LoginState = { failedLoginCount: 0, lockedUntil: null };
