import type { SampleSummary } from './statistics';
import {
  compareWithPreviousRound,
  consecutiveDeclines,
  hasConsecutiveDeclines,
  isSignificantChange,
  slope,
  trendOf,
  type RoundComparison,
  type TrendThresholds,
} from './trend';

describe('isSignificantChange', () => {
  const strict: TrendThresholds = { significanceLevel: 0.1, minimumChange: 10 };

  it.each<[number, number | null, TrendThresholds | undefined, boolean]>([
    [5, 0.049, undefined, true],
    [-5, 0.049, undefined, true],
    [4.999, 0.001, undefined, false],
    [-4.999, 0.001, undefined, false],
    [5, 0.05, undefined, false],
    [20, null, undefined, false],
    [10, 0.099, strict, true],
    [9.9, 0.001, strict, false],
    [10, 0.1, strict, false],
    // Exactly 5 points between two means in thirds, computed as 4.999999999999999.
    [29 / 3 - 14 / 3, 0.01, undefined, true],
    [14 / 3 - 29 / 3, 0.01, undefined, true],
  ])('delta %p with p %p (thresholds %j) → %p', (delta, p, thresholds, expected) => {
    expect(isSignificantChange(delta, p, thresholds)).toBe(expected);
  });
});

describe('trendOf', () => {
  it.each([
    [6, true, 'improving'],
    [-6, true, 'deteriorating'],
    [6, false, 'stable'],
    [-6, false, 'stable'],
  ])('delta %p, significant %p → %p', (delta, significant, expected) => {
    expect(trendOf(delta, significant)).toBe(expected);
  });
});

describe('compareWithPreviousRound', () => {
  interface Case {
    name: string;
    current: SampleSummary;
    previous: SampleSummary | null;
    expected: Omit<RoundComparison, 'p'>;
    pMatches: (p: number | null) => boolean;
  }

  it.each<Case>([
    {
      name: 'no previous round',
      current: { n: 40, mean: 60, sd: 10 },
      previous: null,
      expected: { delta: null, significant: false, trend: null },
      pMatches: (p) => p === null,
    },
    {
      name: 'no current score',
      current: { n: 0, mean: null, sd: null },
      previous: { n: 40, mean: 60, sd: 10 },
      expected: { delta: null, significant: false, trend: null },
      pMatches: (p) => p === null,
    },
    {
      // t = 10/√(4 + 4) = 3.5355 on 198 df: p ≈ 0.0005
      name: 'a significant rise of 10',
      current: { n: 100, mean: 60, sd: 20 },
      previous: { n: 100, mean: 50, sd: 20 },
      expected: { delta: 10, significant: true, trend: 'improving' },
      pMatches: (p) => p !== null && p < 0.001,
    },
    {
      name: 'a significant fall of 10',
      current: { n: 100, mean: 50, sd: 20 },
      previous: { n: 100, mean: 60, sd: 20 },
      expected: { delta: -10, significant: true, trend: 'deteriorating' },
      pMatches: (p) => p !== null && p < 0.001,
    },
    {
      // t = 2 on 10 df: p = 0.073388
      name: 'a rise of 2 that is not significant',
      current: { n: 6, mean: 52, sd: Math.sqrt(3) },
      previous: { n: 6, mean: 50, sd: Math.sqrt(3) },
      expected: { delta: 2, significant: false, trend: 'stable' },
      pMatches: (p) => p !== null && Math.abs(p - 0.073388) < 1e-6,
    },
    {
      // t = −2/√(0.1 + 0.1) = −4.47: p < 0.0001, yet 2 points is below the minimum change
      name: 'a significant but small fall',
      current: { n: 1000, mean: 48, sd: 10 },
      previous: { n: 1000, mean: 50, sd: 10 },
      expected: { delta: -2, significant: false, trend: 'stable' },
      pMatches: (p) => p !== null && p < 0.0001,
    },
    {
      // t = 20/√(400/3 + 400/3) = 1.2247 on 4 df: p ≈ 0.29
      name: 'a large rise on few respondents',
      current: { n: 3, mean: 70, sd: 20 },
      previous: { n: 3, mean: 50, sd: 20 },
      expected: { delta: 20, significant: false, trend: 'stable' },
      pMatches: (p) => p !== null && p > 0.2,
    },
    {
      name: 'no spread in either round: untestable, so stable',
      current: { n: 3, mean: 75, sd: 0 },
      previous: { n: 3, mean: 50, sd: 0 },
      expected: { delta: 25, significant: false, trend: 'stable' },
      pMatches: (p) => p === null,
    },
  ])('$name', ({ current, previous, expected, pMatches }) => {
    const comparison = compareWithPreviousRound(current, previous);
    expect(comparison).toMatchObject(expected);
    expect(pMatches(comparison.p)).toBe(true);
  });

  it('uses the given thresholds', () => {
    const current = { n: 100, mean: 60, sd: 20 };
    const previous = { n: 100, mean: 50, sd: 20 };
    const thresholds = { significanceLevel: 0.05, minimumChange: 15 };
    expect(compareWithPreviousRound(current, previous, thresholds).trend).toBe('stable');
  });
});

describe('slope', () => {
  it.each<[(number | null)[], number | undefined, number | null]>([
    [[], undefined, null],
    [[50], undefined, null],
    [[null, 60], undefined, null],
    [[50, 60], undefined, 10],
    [[40, 50, 60, 70], undefined, 10],
    [[70, 60, 50, 40], undefined, -10],
    [[50, 50, 50], undefined, 0],
    // x̄ = 1.5, ȳ = 65; Σ(dx·dy) = 7.5 + 7.5 + 2.5 + 22.5 = 40; Σdx² = 5 → 8
    [[60, 50, 70, 80], undefined, 8],
    // only the last four count: 40, 50, 60, 70
    [[10, 100, 40, 50, 60, 70], undefined, 10],
    // points (0, 60), (2, 70), (3, 80): x̄ = 5/3, ȳ = 70; Σ(dx·dy) = 50/3 + 0 + 40/3 = 30;
    // Σdx² = (25 + 1 + 16)/9 = 14/3 → 30·3/14 = 6.428571
    [[60, null, 70, 80], undefined, 90 / 14],
    [[40, 50, 60, 90], 2, 30],
  ])('of %j over %p rounds is %p', (scores, rounds, expected) => {
    const result = slope(scores, rounds);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 12);
  });
});

describe('consecutiveDeclines', () => {
  it.each<[(number | null)[], number]>([
    [[], 0],
    [[80], 0],
    [[50, 60], 0],
    [[80, 70], 1],
    [[80, 70, 65, 60], 3],
    [[60, 80, 70, 65, 60], 3],
    [[90, 80, 70, 60, 50], 4],
    [[80, 70, 65, 60, 61], 0],
    [[80, 70, 70, 60], 1],
    [[80, null, 70, 60], 1],
    // 50, then the same exact mean summed from eight thirds (49.99999999999999): unchanged, so no decline.
    [[80, 70, 50, [8, 7, 10, 2, 11, 8, 1, 1].reduce((sum, k) => sum + (25 * k) / 3, 0) / 8], 0],
  ])('%j ends in %p declines', (scores, expected) => {
    expect(consecutiveDeclines(scores)).toBe(expected);
  });
});

describe('hasConsecutiveDeclines', () => {
  it.each<[(number | null)[], number | undefined, boolean]>([
    [[80, 70, 65, 60], undefined, true],
    [[90, 80, 70, 65, 60], undefined, true],
    [[80, 70, 65], undefined, false],
    [[80, 70, 65, 66], undefined, false],
    [[80, 70, 65], 2, true],
  ])('%j with %p declines → %p', (scores, declines, expected) => {
    expect(hasConsecutiveDeclines(scores, declines)).toBe(expected);
  });
});
