import {
  describeSample,
  descriptiveStatistics,
  mean,
  pooledSummary,
  sampleSummary,
  twoSidedP,
  welchTTest,
  type SampleSummary,
} from './statistics';

/**
 * An independent route to the two-sided p-value: with x = √ν·tan θ the t density becomes
 * proportional to cos^(ν−1) θ on (−π/2, π/2), so p = ∫[θ₀, π/2] cos^(ν−1) / ∫[0, π/2] cos^(ν−1)
 * with θ₀ = atan(|t|/√ν). No gamma or beta function needed; Simpson's rule on a smooth integrand.
 */
function twoSidedPByIntegration(t: number, df: number): number {
  const density = (theta: number) => Math.cos(theta) ** (df - 1);
  const from = Math.atan(Math.abs(t) / Math.sqrt(df));
  return simpson(density, from, Math.PI / 2) / simpson(density, 0, Math.PI / 2);
}

function simpson(f: (x: number) => number, a: number, b: number, intervals = 2000): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

describe('mean', () => {
  it.each([
    [[], null],
    [[4], 4],
    [[1, 2, 3, 4, 5], 3],
    [[-1, 1], 0],
    [[0, 50, 100, 75], 56.25],
  ])('of %j is %p', (values, expected) => {
    expect(mean(values)).toBe(expected);
  });
});

describe('sampleSummary', () => {
  it.each([
    [[], { n: 0, mean: null, sd: null }],
    [[7], { n: 1, mean: 7, sd: null }],
    // squared deviations 4+1+0+1+4 = 10; 10/4 = 2.5
    [[1, 2, 3, 4, 5], { n: 5, mean: 3, sd: Math.sqrt(2.5) }],
    // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; 32/7
    [[2, 4, 4, 4, 5, 5, 7, 9], { n: 8, mean: 5, sd: Math.sqrt(32 / 7) }],
    [[60, 60, 60], { n: 3, mean: 60, sd: 0 }],
  ])('of %j', (values, expected) => {
    const summary = sampleSummary(values);
    expect(summary.n).toBe(expected.n);
    expect(summary.mean).toBe(expected.mean);
    if (expected.sd === null) expect(summary.sd).toBeNull();
    else expect(summary.sd).toBeCloseTo(expected.sd, 12);
  });

  it('keeps precision on large scores with a small spread', () => {
    // A one-pass sum of squares loses the 0.5 variance in 1e9-sized squares.
    expect(sampleSummary([1e9 + 1, 1e9 + 2]).sd).toBeCloseTo(Math.sqrt(0.5), 9);
  });
});

describe('describeSample', () => {
  it.each<[string, SampleSummary, { se: number; lower: number; upper: number }]>([
    // se = √2.5/√5 = √0.5 = 0.7071068; t(0.975, 4) = 2.776445; half-width 1.963243
    ['1..5', sampleSummary([1, 2, 3, 4, 5]), { se: Math.sqrt(0.5), lower: 1.036757, upper: 4.963243 }],
    // sd = √50 = 7.0710678; se = 5; t(0.975, 1) = 12.706205; half-width 63.531024
    ['two values', sampleSummary([10, 20]), { se: 5, lower: -48.531024, upper: 78.531024 }],
    // from SQL aggregates: se = 20/√100 = 2; t(0.975, 99) = 1.984217; half-width 3.968434
    ['a summary', { n: 100, mean: 60, sd: 20 }, { se: 2, lower: 56.031566, upper: 63.968434 }],
    ['no spread', { n: 4, mean: 80, sd: 0 }, { se: 0, lower: 80, upper: 80 }],
  ])('%s: standard error and t-based 95%% CI', (_name, summary, expected) => {
    const stats = describeSample(summary);
    expect(stats.standardError).toBeCloseTo(expected.se, 9);
    expect(stats.ci95?.lower).toBeCloseTo(expected.lower, 5);
    expect(stats.ci95?.upper).toBeCloseTo(expected.upper, 5);
  });

  it.each<[string, SampleSummary]>([
    ['empty', { n: 0, mean: null, sd: null }],
    ['one respondent', { n: 1, mean: 40, sd: null }],
  ])('%s: no standard error and no CI, never NaN', (_name, summary) => {
    expect(describeSample(summary)).toEqual({ ...summary, standardError: null, ci95: null });
  });
});

describe('descriptiveStatistics', () => {
  it('summarises raw values', () => {
    expect(descriptiveStatistics([1, 2, 3, 4, 5])).toMatchObject({ n: 5, mean: 3, standardError: expect.any(Number) });
  });

  it.each([[[]], [[55]]])('of %j has nulls, not NaN', (values) => {
    const stats = descriptiveStatistics(values);
    for (const value of Object.values(stats)) expect(Number.isNaN(value)).toBe(false);
    expect(stats.ci95).toBeNull();
  });
});

describe('twoSidedP', () => {
  it.each([
    // published: two-sided p for t = 2.0 on 10 df is 0.07339
    [2, 10, 0.073388],
    [-2, 10, 0.073388],
    // 1 df is the Cauchy distribution: p = 1 − 2·atan(|t|)/π; atan(1) = π/4 → 0.5
    [1, 1, 0.5],
    // the 97.5% quantile on 1 df gives p = 0.05 by definition
    [12.706205, 1, 0.05],
    // even df closed form: p = 1 − sin θ·(1 + ½cos²θ) for 4 df, tan θ = t/2 = √2,
    // so cos²θ = 1/3, sin θ = √(2/3) = 0.8164966; p = 1 − 0.8164966·7/6 = 0.0474207
    [2 * Math.SQRT2, 4, 0.0474207],
    [0, 5, 1],
  ])('t = %p on %p df → %p', (t, df, expected) => {
    expect(twoSidedP(t, df)).toBeCloseTo(expected, 6);
    expect(twoSidedP(t, df)).toBeCloseTo(twoSidedPByIntegration(t, df), 9);
  });
});

describe('welchTTest', () => {
  it('compares 1..5 with 2,4..10 (unequal variances)', () => {
    // means 3 and 6; variances 2.5 and 10; variances of the means 0.5 and 2, summing to 2.5
    // t = (3 − 6)/√2.5 = −1.8973666
    // df = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625 = 5.8823529
    const result = welchTTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(result?.t).toBeCloseTo(-1.8973666, 6);
    expect(result?.df).toBeCloseTo(5.8823529, 6);
    expect(result?.p).toBeCloseTo(0.107531, 5);
    expect(result?.p).toBeCloseTo(twoSidedPByIntegration(-1.8973666, 5.8823529), 6);
  });

  it('accepts summaries and gives the published t = 2.0, 10 df case', () => {
    // equal n = 6 and sd = √3: variances of the means 0.5 + 0.5 = 1, so t = (52 − 50)/1 = 2;
    // df = 1² / (0.5²/5 + 0.5²/5) = 1/0.1 = 10
    const result = welchTTest({ n: 6, mean: 52, sd: Math.sqrt(3) }, { n: 6, mean: 50, sd: Math.sqrt(3) });
    expect(result?.t).toBeCloseTo(2, 12);
    expect(result?.df).toBeCloseTo(10, 12);
    expect(result?.p).toBeCloseTo(0.073388, 6);
  });

  it('mixes raw values and a summary; zero variance on one side leaves n − 1 df of the other', () => {
    // means 5 and 3; variances of the means 0 and 2.5/5 = 0.5; t = 2/√0.5 = 2√2;
    // df = 0.5² / (0 + 0.5²/4) = 4; p = 0.0474207 (closed form above)
    const result = welchTTest([5, 5, 5], sampleSummary([1, 2, 3, 4, 5]));
    expect(result?.t).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(result?.df).toBeCloseTo(4, 12);
    expect(result?.p).toBeCloseTo(0.0474207, 6);
  });

  it('is antisymmetric in t and symmetric in p', () => {
    const forward = welchTTest([10, 20, 30], [25, 30, 35, 40]);
    const backward = welchTTest([25, 30, 35, 40], [10, 20, 30]);
    expect(backward?.t).toBeCloseTo(-(forward?.t ?? NaN), 12);
    expect(backward?.df).toBeCloseTo(forward?.df ?? NaN, 12);
    expect(backward?.p).toBeCloseTo(forward?.p ?? NaN, 12);
  });

  it.each<[string, number[] | SampleSummary, number[] | SampleSummary]>([
    ['one value on the first side', [50], [40, 60, 80]],
    ['no values on the second side', [40, 60], []],
    ['a summary with no sd', { n: 1, mean: 50, sd: null }, { n: 5, mean: 60, sd: 10 }],
    ['zero variance both sides, same mean (t = 0/0)', [70, 70, 70], [70, 70]],
    ['zero variance both sides, different means (t = ±∞)', [70, 70, 70], [50, 50]],
  ])('is undefined (null) with %s', (_name, a, b) => {
    expect(welchTTest(a, b)).toBeNull();
  });
});

describe('pooledSummary', () => {
  it.each([
    ['two samples', [[50, 75, 100], [0, 25]]],
    ['samples of one value', [[40], [60], [80, 90]]],
    ['a single sample', [[12.5, 37.5, 62.5, 87.5]]],
    ['an empty sample among others', [[], [10, 20], [30]]],
  ])('equals the summary of the values put together: %s', (_label, parts) => {
    const pooled = pooledSummary(parts.map((values) => sampleSummary(values)));
    const whole = sampleSummary(parts.flat());
    expect(pooled.n).toBe(whole.n);
    expect(pooled.mean).toBeCloseTo(whole.mean as number, 10);
    expect(pooled.sd).toBeCloseTo(whole.sd as number, 10);
  });

  it('has no sd when a sample of several values has none, and nothing at all without values', () => {
    expect(pooledSummary([{ n: 3, mean: 50, sd: null }, { n: 2, mean: 70, sd: 10 }])).toEqual({ n: 5, mean: 58, sd: null });
    expect(pooledSummary([{ n: 1, mean: 40, sd: null }])).toEqual({ n: 1, mean: 40, sd: null });
    expect(pooledSummary([])).toEqual({ n: 0, mean: null, sd: null });
  });
});
