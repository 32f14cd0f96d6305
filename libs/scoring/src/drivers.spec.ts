import { classifyDrivers, type DriverModel, fisherInterval, keyDrivers, pearson, relativeWeights } from './drivers';

/**
 * Motor Trend road tests (R's `mtcars`, Henderson & Velleman 1981): mpg, cyl, disp, hp, gear of
 * the 32 cars, in the data set's order.
 */
const MTCARS: [mpg: number, cyl: number, disp: number, hp: number, gear: number][] = [
  [21, 6, 160, 110, 4], [21, 6, 160, 110, 4], [22.8, 4, 108, 93, 4], [21.4, 6, 258, 110, 3], [18.7, 8, 360, 175, 3],
  [18.1, 6, 225, 105, 3], [14.3, 8, 360, 245, 3], [24.4, 4, 146.7, 62, 4], [22.8, 4, 140.8, 95, 4], [19.2, 6, 167.6, 123, 4],
  [17.8, 6, 167.6, 123, 4], [16.4, 8, 275.8, 180, 3], [17.3, 8, 275.8, 180, 3], [15.2, 8, 275.8, 180, 3], [10.4, 8, 472, 205, 3],
  [10.4, 8, 460, 215, 3], [14.7, 8, 440, 230, 3], [32.4, 4, 78.7, 66, 4], [30.4, 4, 75.7, 52, 4], [33.9, 4, 71.1, 65, 4],
  [21.5, 4, 120.1, 97, 3], [15.5, 8, 318, 150, 3], [15.2, 8, 304, 150, 3], [13.3, 8, 350, 245, 3], [19.2, 8, 400, 175, 3],
  [27.3, 4, 79, 66, 4], [26, 4, 120.3, 91, 5], [30.4, 4, 95.1, 113, 5], [15.8, 8, 351, 264, 5], [19.7, 6, 145, 175, 5],
  [15, 8, 301, 335, 5], [21.4, 4, 121, 109, 4],
];

const column = (i: number) => MTCARS.map((car) => car[i]!);
const matrix = (columns: number[][]) => columns.map((a) => columns.map((b) => pearson(a, b).r));

describe('relativeWeights', () => {
  /**
   * The worked example of the `rwa` R package (Chan, README, "Basic example"; Johnson 2000 as
   * implemented after Tonidandel & LeBreton 2015): mpg on cyl, disp, hp and gear gives R² 0.7791896
   * and raw weights 0.2284797, 0.2221469, 0.2321744, 0.0963886 (rescaled 29.32274, 28.50999,
   * 29.79691, 12.37037 %).
   */
  it("reproduces the rwa package's mtcars example", () => {
    const predictors = [1, 2, 3, 4].map(column);
    const fitted = relativeWeights(matrix(predictors), predictors.map((x) => pearson(x, column(0)).r));
    expect(fitted!.rSquared).toBeCloseTo(0.7791896, 7);
    const published = [0.2284797, 0.2221469, 0.2321744, 0.0963886];
    fitted!.weights.forEach((w, j) => expect(w).toBeCloseTo(published[j]!, 7));
    const rescaled = [29.32274, 28.50999, 29.79691, 12.37037];
    fitted!.weights.forEach((w, j) => expect((100 * w) / fitted!.rSquared).toBeCloseTo(rescaled[j]!, 4));
  });

  it.each([
    // Uncorrelated predictors: each weight is its squared correlation, and R² their sum.
    ['orthogonal predictors', [[1, 0], [0, 1]], [0.5, 0.3], [0.25, 0.09], 0.34],
    // One predictor: its weight is R² = r².
    ['a single predictor', [[1]], [0.6], [0.36], 0.36],
    // Two equally correlated predictors share R² equally: R² = 2·r²/(1 + ρ) = 2·0.25/1.5.
    ['two exchangeable predictors', [[1, 0.5], [0.5, 1]], [0.5, 0.5], [1 / 6, 1 / 6], 1 / 3],
  ])('%s', (_name, correlations, withOutcome, weights, rSquared) => {
    const fitted = relativeWeights(correlations, withOutcome);
    expect(fitted!.rSquared).toBeCloseTo(rSquared, 12);
    fitted!.weights.forEach((w, j) => expect(w).toBeCloseTo(weights[j]!, 12));
  });

  it.each([
    ['no predictors', [], []],
    ['identical predictors (singular)', [[1, 1], [1, 1]], [0.5, 0.5]],
    ['a correlation missing', [[1, null], [null, 1]], [0.5, 0.5]],
    ['an outcome correlation missing', [[1, 0.2], [0.2, 1]], [0.5, null]],
    ['a matrix of the wrong size', [[1]], [0.5, 0.5]],
  ])('is null for %s', (_name, correlations, withOutcome) => {
    expect(relativeWeights(correlations as (number | null)[][], withOutcome as (number | null)[])).toBeNull();
  });
});

describe('pearson and fisherInterval', () => {
  /**
   * R's cor.test() example (Hollander & Wolfe 1973, p. 187, two measures of aortic insufficiency):
   * r = 0.5711816, 95% CI −0.1497426 to 0.8955795 (Fisher's z).
   */
  it("reproduces R's cor.test example", () => {
    const x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
    const y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];
    const { n, r } = pearson(x, y);
    expect(n).toBe(9);
    expect(r).toBeCloseTo(0.5711816, 7);
    const ci = fisherInterval(r, n)!;
    expect(ci.lower).toBeCloseTo(-0.1497426, 7);
    expect(ci.upper).toBeCloseTo(0.8955795, 7);
  });

  it.each([
    ['pairs with a missing value are left out', [1, 2, null, 4], [2, 4, 5, 8], 3, 1],
    ['perfectly negative', [1, 2, 3], [3, 2, 1], 3, -1],
    ['no variance', [1, 1, 1], [1, 2, 3], 3, null],
    ['one pair', [1, null], [2, 3], 1, null],
  ])('%s', (_name, x, y, n, r) => {
    const result = pearson(x as (number | null)[], y as (number | null)[]);
    expect(result.n).toBe(n);
    if (r === null) expect(result.r).toBeNull();
    else expect(result.r).toBeCloseTo(r as number, 12);
  });

  /** Scores on a 0–100 scale as a dimension's mean gives them: thirds and sevenths, whose float sums depend on their order. */
  const x = [100 / 3, 200 / 7, 50, 400 / 7, 100 / 3, 0, 250 / 3, 100, 300 / 7, 75, 12.5, 100 / 7, null];
  const y = [25, 100 / 3, 200 / 3, 50, 0, 100 / 7, 75, 100, 100 / 3, 200 / 3, 25, null, 50];
  const reversed = <T>(values: readonly T[]) => [...values].reverse();
  /** Moves the first k values to the end, in both series alike. */
  const rotated = <T>(values: readonly T[], k: number) => [...values.slice(k), ...values.slice(0, k)];
  /** Every other value first, then the rest. */
  const interleaved = <T>(values: readonly T[]) => [...values.filter((_, i) => i % 2 === 0), ...values.filter((_, i) => i % 2 === 1)];

  it.each([
    ['reversed', reversed(x), reversed(y)],
    ['rotated by 1', rotated(x, 1), rotated(y, 1)],
    ['rotated by 5', rotated(x, 5), rotated(y, 5)],
    ['interleaved', interleaved(x), interleaved(y)],
    ['interleaved and reversed', reversed(interleaved(x)), reversed(interleaved(y))],
  ])('gives the same r to the last bit with the respondents %s', (_order, px, py) => {
    const original = pearson(x, y);
    expect(original.r).not.toBeNull();
    expect(pearson(px, py)).toEqual(original);
    expect(Object.is(pearson(px, py).r, original.r)).toBe(true);
  });

  it.each([
    // atanh(r) ± 1.959964/√(n − 3) back through tanh, worked by hand: n = 4 gives ±tanh(1.96).
    [0, 4, -0.9611, 0.9611],
    [0.5, 103, 0.3393, 0.6323],
    [-0.3, 28, -0.6053, 0.0823],
  ])('r = %p over %p pairs: %p to %p', (r, n, lower, upper) => {
    const ci = fisherInterval(r, n)!;
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });

  it.each([
    [0.5, 3],
    [null, 50],
    [Number.NaN, 50],
  ])('has no interval for r = %p over %p pairs', (r, n) => {
    expect(fisherInterval(r, n)).toBeNull();
  });
});

describe('classifyDrivers', () => {
  it.each([
    // Equal share is 1/4: trust and delivery are important; trust scores below the mean of means (62.5), delivery above.
    [
      'priority and strength among four',
      [{ mean: 50, importance: 0.4 }, { mean: 60, importance: 0.1 }, { mean: 70, importance: 0.15 }, { mean: 70, importance: 0.35 }],
      ['priority', 'neither', 'neither', 'strength'],
    ],
    // A concern-band score is low even when every other dimension is lower still.
    ['concern is low whatever the others', [{ mean: 45, importance: 0.6 }, { mean: 30, importance: 0.4 }], ['priority', 'neither']],
    // Exactly the equal share counts as important, exactly the mean of means as not low.
    ['bounds', [{ mean: 60, importance: 0.5 }, { mean: 60, importance: 0.5 }], ['strength', 'strength']],
    ['no model', [{ mean: 60, importance: null }, { mean: 70, importance: null }], [null, null]],
  ])('%s', (_name, drivers, expected) => {
    expect(classifyDrivers(drivers)).toEqual(expected);
  });
});

describe('keyDrivers', () => {
  const predictors = (keys: string[]) => keys.map((key, j) => ({ key, dimension: null, respondents: 20, correlation: [0.5, 0.3][j]!, mean: [40, 80][j]! }));
  const model = (respondents: number): DriverModel => ({
    kind: 'dimension',
    predictors: predictors(['trust', 'delivery']),
    respondents,
    correlations: [[1, 0], [0, 1]],
    withOutcome: [0.5, 0.3],
  });

  it('gives each predictor its correlation, CI, weight, share of R² and class', () => {
    const [trust, delivery] = keyDrivers([model(20)]);
    expect(trust).toMatchObject({ kind: 'dimension', key: 'trust', respondents: 20, correlation: 0.5, modelRespondents: 20, class: 'priority' });
    expect(trust!.rSquared).toBeCloseTo(0.34, 12);
    expect(trust!.relativeWeight).toBeCloseTo(0.25, 12);
    expect(trust!.importance).toBeCloseTo(0.25 / 0.34, 12);
    expect(delivery!.importance).toBeCloseTo(0.09 / 0.34, 12);
    expect(delivery!.class).toBe('neither');
    expect(trust!.ciLower).toBeCloseTo(fisherInterval(0.5, 20)!.lower, 12);
  });

  it.each([3, 1])('estimates no weights with %p respondents for two predictors (p + 2 needed)', (respondents) => {
    const rows = keyDrivers([model(respondents)]);
    expect(rows.map((r) => [r.relativeWeight, r.importance, r.rSquared, r.class])).toEqual([
      [null, null, null, null],
      [null, null, null, null],
    ]);
    expect(rows[0]!.correlation).toBe(0.5);
  });

  it('classes dimensions only', () => {
    const [item] = keyDrivers([{ ...model(20), kind: 'item' }]);
    expect(item!.class).toBeNull();
    expect(item!.importance).not.toBeNull();
  });
});
