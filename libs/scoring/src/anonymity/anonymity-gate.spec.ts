import { anonymityThreshold, COMPLEMENTARY, fewerThanK, withheldBecause } from './anonymity-gate';

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

describe('withheldBecause', () => {
  it.each([
    [4, null, fewerThanK(5)],
    [null, null, fewerThanK(5)],
    [0, 'provisional', fewerThanK(5)],
    [9, null, COMPLEMENTARY],
    [9, 'provisional', 'provisional'],
  ])('names why a figure of %s respondents is withheld (provisional reason %s)', (respondents, provisional, reason) => {
    expect(withheldBecause(respondents, 5, provisional)).toEqual({ suppressed: true, reason });
  });
});
