export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Done and dropped actions are closed: nothing is left to remind anyone of, and they stay closed. */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['planned', 'in_progress'];

export const LINK_KINDS = ['alert', 'dyad', 'sector_pair', 'dimension'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/**
 * planned → in_progress → done | dropped, and planned → done | dropped; in progress may go back to
 * planned (work paused). A closed action is history: reopening it would rewrite what the board was
 * told, so a new action is recorded instead. Null when the move is allowed (including no move).
 */
export function transitionProblem(from: ActionStatus, to: ActionStatus): string | null {
  if (from === to) return null;
  if (!OPEN_ACTION_STATUSES.includes(from)) return `is ${from}: a closed action cannot move to ${to}; record a new action instead`;
  return null;
}

/** Overdue: past its due date (a calendar day, UTC) and still open. */
export function isOverdue(action: { status: ActionStatus; dueOn: string }, today: string): boolean {
  return OPEN_ACTION_STATUSES.includes(action.status) && action.dueOn < today;
}

/** Today's calendar date (UTC) as YYYY-MM-DD, the form due dates are stored in. */
export const isoDay = (at: Date) => at.toISOString().slice(0, 10);
