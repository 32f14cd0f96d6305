import { DEFAULT_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD } from '@pp/registry';

/**
 * The footprint's threshold and the reasons the gate gives. What is withheld is decided once per
 * round and scoring run by the round gate (round-gate.ts), stored and applied by every reader
 * (gate-decisions.ts); the views say why from the figure's own count.
 */

/** k for a footprint: its setting, the default when unset, never below the platform minimum. */
export function anonymityThreshold(setting: number | null | undefined): number {
  return Math.max(MIN_ANONYMITY_THRESHOLD, setting ?? DEFAULT_ANONYMITY_THRESHOLD);
}

export function fewerThanK(k: number): string {
  return `fewer than ${k} respondents`;
}

/** A figure withheld although it rests on k or more: published with the rest it would give a withheld one away. */
export const COMPLEMENTARY = 'withheld so that no withheld figure can be worked out from the published ones';

export interface GateDecision {
  suppressed: boolean;
  reason: string | null;
}

export const SHOWN: GateDecision = { suppressed: false, reason: null };

/** Why a withheld figure is withheld: too few respondents, provisional, or complementary. */
export function withheldBecause(respondents: number | null, k: number, provisionalReason: string | null): GateDecision {
  if (respondents === null || respondents < k) return { suppressed: true, reason: fewerThanK(k) };
  return { suppressed: true, reason: provisionalReason ?? COMPLEMENTARY };
}
