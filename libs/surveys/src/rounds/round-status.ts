export const ROUND_STATUSES = ['draft', 'open', 'closed', 'scored'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** A round only moves forward: draft → open → closed → scored. */
const NEXT: Record<RoundStatus, RoundStatus | undefined> = {
  draft: 'open',
  open: 'closed',
  closed: 'scored',
  scored: undefined,
};

/** Null when the move is legal, otherwise why not, naming the current status. */
export function transitionProblem(from: RoundStatus, to: RoundStatus): string | null {
  if (NEXT[from] === to) return null;
  const source = (Object.keys(NEXT) as RoundStatus[]).find((status) => NEXT[status] === to);
  return source
    ? `The round is ${from}; it can become ${to} only from ${source}`
    : `The round is ${from}; it can never become ${to}`;
}
