import { type RoundStatus, transitionProblem } from './round-status';

describe('transitionProblem', () => {
  it.each<[RoundStatus, RoundStatus]>([
    ['draft', 'open'],
    ['open', 'closed'],
    ['closed', 'scored'],
  ])('lets a %s round become %s', (from, to) => {
    expect(transitionProblem(from, to)).toBeNull();
  });

  it.each<[RoundStatus, RoundStatus, string]>([
    ['draft', 'closed', 'The round is draft; it can become closed only from open'],
    ['draft', 'scored', 'The round is draft; it can become scored only from closed'],
    ['open', 'open', 'The round is open; it can become open only from draft'],
    ['closed', 'open', 'The round is closed; it can become open only from draft'],
    ['closed', 'closed', 'The round is closed; it can become closed only from open'],
    ['scored', 'open', 'The round is scored; it can become open only from draft'],
    ['scored', 'closed', 'The round is scored; it can become closed only from open'],
    ['open', 'draft', 'The round is open; it can never become draft'],
  ])('refuses %s → %s, naming the current status', (from, to, problem) => {
    expect(transitionProblem(from, to)).toBe(problem);
  });
});
