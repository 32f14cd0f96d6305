import { anonymityThreshold, decide, minimumRespondents, type SuppressionRule } from './anonymity-gate';

describe('anonymityThreshold', () => {
  it.each([
    [undefined, 5],
    [null, 5],
    [7, 7],
    [3, 3],
    [2, 3],
    [0, 3],
  ])('gives k = %s → %i, never below 3', (setting, k) => {
    expect(anonymityThreshold(setting)).toBe(k);
  });
});

describe('decide', () => {
  it('suppresses cells of fewer than k respondents, and cells whose respondents are unknown, naming k', () => {
    expect(decide([{ respondents: 5 }, { respondents: 4 }, { respondents: 0 }, { respondents: null }], 5)).toEqual([
      { suppressed: false, reason: null },
      { suppressed: true, reason: 'fewer than 5 respondents' },
      { suppressed: true, reason: 'fewer than 5 respondents' },
      { suppressed: true, reason: 'fewer than 5 respondents' },
    ]);
  });

  it('takes more rules over the whole batch, the first suppressing rule giving the reason', () => {
    // A differencing rule in miniature: with exactly one cell suppressed, the largest other goes too.
    const complementary: SuppressionRule = (cells, k) => {
      const primary = minimumRespondents(cells, k);
      if (primary.filter(Boolean).length !== 1) return cells.map(() => null);
      const largest = cells.reduce((best, cell, i) => ((cell.respondents ?? 0) > (cells[best]?.respondents ?? 0) ? i : best), 0);
      return cells.map((_, i) => (i === largest ? 'could be recovered by differencing' : null));
    };
    const cells = [{ respondents: 12 }, { respondents: 2 }, { respondents: 8 }];
    expect(decide(cells, 5, [minimumRespondents, complementary]).map((d) => d.reason)).toEqual(['could be recovered by differencing', 'fewer than 5 respondents', null]);
  });
});
