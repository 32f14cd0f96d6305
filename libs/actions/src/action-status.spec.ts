import { type ActionStatus, isOverdue, transitionProblem } from './action-status';

describe('transitionProblem', () => {
  it.each<[ActionStatus, ActionStatus, boolean]>([
    ['planned', 'planned', true],
    ['planned', 'in_progress', true],
    ['planned', 'done', true],
    ['planned', 'dropped', true],
    ['in_progress', 'planned', true],
    ['in_progress', 'done', true],
    ['in_progress', 'dropped', true],
    ['done', 'done', true],
    ['done', 'in_progress', false],
    ['done', 'planned', false],
    ['done', 'dropped', false],
    ['dropped', 'planned', false],
    ['dropped', 'done', false],
    ['dropped', 'dropped', true],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    const problem = transitionProblem(from, to);
    expect(problem === null).toBe(allowed);
    if (!allowed) expect(problem).toContain(`is ${from}`);
  });
});

describe('isOverdue', () => {
  it.each<[ActionStatus, string, string, boolean]>([
    ['planned', '2026-12-01', '2026-12-02', true],
    ['in_progress', '2026-12-01', '2026-12-02', true],
    // Due today is not overdue yet.
    ['planned', '2026-12-02', '2026-12-02', false],
    ['planned', '2027-01-31', '2026-12-02', false],
    ['done', '2026-01-01', '2026-12-02', false],
    ['dropped', '2026-01-01', '2026-12-02', false],
  ])('%s due %s on %s: %s', (status, dueOn, today, overdue) => {
    expect(isOverdue({ status, dueOn }, today)).toBe(overdue);
  });
});
