import { atLeast, SCORE_TOLERANCE, scoreBand } from './bands';
import { mean } from './statistics';

describe('scoreBand', () => {
  it.each([
    [0, 'concern'],
    [49.999, 'concern'],
    [50 - 10 * SCORE_TOLERANCE, 'concern'],
    [50, 'moderate'],
    [62.5, 'moderate'],
    [74.999, 'moderate'],
    [75, 'strong'],
    [100, 'strong'],
    [null, null],
  ])('%p → %p', (score, band) => {
    expect(scoreBand(score)).toBe(band);
  });
});

/**
 * Respondents' dimension scores in thirds (k·25/3: three items, as trust has), whose exact mean is
 * on a bound: the sum of the k is 8·3·bound/25, so the mean is the bound by integer arithmetic. The
 * double-precision mean of these particular values lands a hair below it, which is the case that
 * matters; the band must still be the one the rules give.
 */
describe('scoreBand of a mean exactly on a bound, built from thirds', () => {
  it.each([
    [50, [8, 7, 10, 2, 11, 8, 1, 1], 'moderate'],
    [75, [8, 10, 5, 11, 10, 10, 10, 8], 'strong'],
  ])('a mean of exactly %p is %p', (bound, thirds, band) => {
    expect((thirds.reduce((sum, k) => sum + k, 0) * 25) / 3 / thirds.length).toBe(bound);
    const computed = mean(thirds.map((k) => (25 * k) / 3)) as number;
    expect(computed).toBeLessThan(bound);
    expect(Math.abs(computed - bound)).toBeLessThan(1e-12);
    expect(scoreBand(computed)).toBe(band);
  });

  it('bands the 32-bit figures the old storage gave by what they are, below the bound', () => {
    // The case: 8 respondents whose trust averages exactly 50, stored as real.
    const stored = [4, 5, 7, 8, 4, 5, 7, 8].map((k) => Math.fround((25 * k) / 3));
    const computed = mean(stored) as number;
    expect(computed).toBeCloseTo(49.999999046, 9);
    expect(scoreBand(computed)).toBe('concern');
  });
});

describe('atLeast', () => {
  it.each([
    [5, 5, true],
    // 29/3 − 14/3 is exactly 5, computed as 4.999999999999999
    [29 / 3 - 14 / 3, 5, true],
    [5 - 2 * SCORE_TOLERANCE, 5, false],
    [4.99, 5, false],
    [5.01, 5, true],
  ])('%p ≥ %p: %p', (value, bound, expected) => {
    expect(atLeast(value, bound)).toBe(expected);
  });
});
