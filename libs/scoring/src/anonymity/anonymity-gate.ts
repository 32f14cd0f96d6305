import { DEFAULT_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD } from '@pp/registry';

/**
 * The one anonymity gate of every aggregate read (DESIGN.md, Anonymity). Pure: it decides, the query
 * layer (AnonymityGate in anonymity.service.ts) applies the footprint's k and shapes the responses.
 *
 * A decision is made for a batch of cells at once by a list of rules, each naming the cells it
 * suppresses with a reason. Today there is one rule, fewer than k respondents; complementary
 * suppression (a cell that can be recovered by differencing its siblings) is a rule over the same
 * batch, added to the list without changing any reader.
 */

/** One aggregate as the gate sees it: how many respondents it rests on (null: unknown, so withheld). */
export interface Cell {
  respondents: number | null;
}

export interface GateDecision {
  suppressed: boolean;
  reason: string | null;
}

/** The reason of each suppressed cell, in the batch's order; null where the rule lets it through. */
export type SuppressionRule = (cells: readonly Cell[], k: number) => (string | null)[];

/** k for a footprint: its setting, the default when unset, never below the platform minimum. */
export function anonymityThreshold(setting: number | null | undefined): number {
  return Math.max(MIN_ANONYMITY_THRESHOLD, setting ?? DEFAULT_ANONYMITY_THRESHOLD);
}

export function fewerThanK(k: number): string {
  return `fewer than ${k} respondents`;
}

export const minimumRespondents: SuppressionRule = (cells, k) =>
  cells.map((cell) => (cell.respondents === null || cell.respondents < k ? fewerThanK(k) : null));

export const DEFAULT_RULES: readonly SuppressionRule[] = [minimumRespondents];

/** Every cell's decision; the first rule that suppresses a cell gives its reason. */
export function decide(cells: readonly Cell[], k: number, rules: readonly SuppressionRule[] = DEFAULT_RULES): GateDecision[] {
  const reasons = rules.map((rule) => rule(cells, k));
  return cells.map((_, i) => {
    const reason = reasons.map((byCell) => byCell[i] ?? null).find((r) => r !== null) ?? null;
    return { suppressed: reason !== null, reason };
  });
}

/** A value that passed the gate, or null with the reason it was withheld. */
export type Gated<T> = { suppressed: false; reason: null; value: T } | { suppressed: true; reason: string; value: null };

export function gated<T>(decision: GateDecision, value: T): Gated<T> {
  return decision.suppressed ? { suppressed: true, reason: decision.reason as string, value: null } : { suppressed: false, reason: null, value };
}
