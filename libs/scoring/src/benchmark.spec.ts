import { benchmarkFigure, contributionsByMeasure, cutPoints, harrellDavis, MIN_BENCHMARK_CONTRIBUTORS, percentileRank, quartileOf } from './benchmark';

/** C(n, j), for the closed form below. */
function choose(n: number, j: number): number {
  let c = 1;
  for (let i = 1; i <= j; i++) c = (c * (n - j + i)) / i;
  return c;
}

/**
 * The regularised incomplete beta I_x(a, b) for whole a and b, by its binomial closed form
 * Σ_{j=a}^{a+b−1} C(a+b−1, j) x^j (1−x)^{a+b−1−j}: written out independently of the library the
 * code uses, so the Harrell–Davis weights are checked against arithmetic a reader can redo.
 */
function incompleteBeta(x: number, a: number, b: number): number {
  const m = a + b - 1;
  let sum = 0;
  for (let j = a; j <= m; j++) sum += choose(m, j) * x ** j * (1 - x) ** (m - j);
  return sum;
}

/** Harrell–Davis by hand for n = 7, where (n + 1)p is whole at p = ¼, ½, ¾. */
function byHand(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  const a = (n + 1) * p;
  const b = (n + 1) * (1 - p);
  return sorted.reduce((sum, value, i) => sum + (incompleteBeta((i + 1) / n, a, b) - incompleteBeta(i / n, a, b)) * value, 0);
}

describe('percentileRank', () => {
  it.each([
    // values, own, expected: 100 × (strictly below + ½) / n
    [[10, 20, 30, 40, 50], 10, 10],
    [[10, 20, 30, 40, 50], 30, 50],
    [[10, 20, 30, 40, 50], 50, 90],
    [[50, 40, 30, 20, 10, 60], 40, (100 * 3.5) / 6],
    // A tie counts as not below: both tied footprints get the rank they would have alone at the lower place.
    [[10, 20, 20, 40, 50], 20, 30],
    [[10, 20, 20, 40, 50, 60], 20, (100 * 1.5) / 6],
    // Everyone tied: the middle of the lowest place, never a hint of how many share it.
    [[70, 70, 70, 70, 70], 70, 10],
  ])('%j, own %d: %d', (values, own, expected) => {
    expect(percentileRank(values, own)).toBeCloseTo(expected, 10);
  });

  it('does not change when another footprint moves onto the reader’s value from above', () => {
    expect(percentileRank([10, 20, 30, 40, 50], 30)).toBe(percentileRank([10, 20, 30, 30, 50], 30));
  });
});

describe('quartileOf', () => {
  it.each([
    [0, 1], [10, 1], [24.99, 1], [25, 2], [49.9, 2], [50, 3], [74.9, 3], [75, 4], [90, 4], [100, 4],
  ])('percentile %d is in quartile %d', (percentile, quartile) => {
    expect(quartileOf(percentile)).toBe(quartile);
  });
});

describe('harrellDavis', () => {
  const seven = [41.5, 48, 52.25, 55, 61.75, 63, 70];

  it.each([0.25, 0.5, 0.75])('matches the estimate worked by hand for n = 7 at p = %d', (p) => {
    expect(harrellDavis(seven, p)).toBeCloseTo(byHand(seven, p), 10);
  });

  it.each([
    ['a constant sample', [64, 64, 64, 64, 64], 0.25, 64],
    ['a symmetric sample (its median is its centre)', [10, 20, 30, 40, 50], 0.5, 30],
    ['a symmetric even sample', [12, 20, 31, 36, 47, 55], 0.5, 33.5],
  ])('%s', (_label, values, p, expected) => {
    expect(harrellDavis(values, p)).toBeCloseTo(expected, 10);
  });

  it('does not depend on the order the values come in', () => {
    expect(harrellDavis([70, 41.5, 63, 48, 55, 52.25, 61.75], 0.25)).toBeCloseTo(harrellDavis(seven, 0.25), 12);
  });

  it('puts weight on every contributor, so no cut point of five footprints is one of their values', () => {
    // R's type 7 quartiles here are 52, 60.5 and 66: the 2nd, 3rd and 4th footprints' own figures.
    const five = [41, 52, 60.5, 66, 79];
    for (const p of [0.25, 0.5, 0.75]) {
      const q = harrellDavis(five, p);
      for (const value of five) expect(Math.abs(q - value)).toBeGreaterThan(0.1);
    }
  });
});

describe('cutPoints', () => {
  it('rounds the Harrell–Davis quartiles to whole points', () => {
    const values = [41.5, 48, 52.25, 55, 61.75, 63, 70];
    expect(cutPoints(values)).toEqual({
      lowerQuartile: Math.round(byHand(values, 0.25)),
      median: Math.round(byHand(values, 0.5)),
      upperQuartile: Math.round(byHand(values, 0.75)),
    });
  });
});

describe('benchmarkFigure', () => {
  const six = [48.2, 55.1, 61.0, 63.4, 70.9, 74.3];

  it.each([
    ['a non-sharing footprint', { sharing: false, scored: true, own: 61.0, contributions: six }, 'not_sharing'],
    ['a round not scored', { sharing: true, scored: false, own: null, contributions: six }, 'round_not_scored'],
    ['its own figure withheld by the anonymity gate', { sharing: true, scored: true, own: null, contributions: six.slice(1) }, 'own_figure_withheld'],
    ['fewer than five contributors', { sharing: true, scored: true, own: 61.0, contributions: six.slice(0, MIN_BENCHMARK_CONTRIBUTORS - 1) }, 'too_few_contributors'],
  ])('withholds for %s', (_label, input, reason) => {
    expect(benchmarkFigure(input)).toEqual({ withheld: true, reason });
  });

  it.each([
    // own, contributions, percentile, quartile
    [61.0, six, (100 * 2.5) / 6, 2],
    [74.3, six, (100 * 5.5) / 6, 4],
    [48.2, six, (100 * 0.5) / 6, 1],
    [63.4, six.slice(1), 50, 3],
  ])('places %d among %j', (own, contributions, percentile, quartile) => {
    const figure = benchmarkFigure({ sharing: true, scored: true, own, contributions });
    expect(figure).toEqual({ withheld: false, contributors: contributions.length, percentile: expect.closeTo(percentile, 10), quartile, cutPoints: cutPoints(contributions) });
  });

  it('shows exactly five contributors', () => {
    expect(benchmarkFigure({ sharing: true, scored: true, own: 55.1, contributions: six.slice(0, 5) })).toMatchObject({ withheld: false, contributors: 5 });
  });
});

describe('contributionsByMeasure', () => {
  it.each([
    ['no footprints', [], {}],
    [
      "each measure's shown values, in the footprints' order",
      [
        [{ measure: 'rhi', value: 61 }, { measure: 'trust', value: 55 }],
        [{ measure: 'rhi', value: 48 }, { measure: 'trust', value: 70 }],
      ],
      { rhi: [61, 48], trust: [55, 70] },
    ],
    [
      'a withheld figure contributes nothing, and a measure withheld everywhere is absent',
      [
        [{ measure: 'rhi', value: null }, { measure: 'trust', value: null }],
        [{ measure: 'rhi', value: 52 }, { measure: 'trust', value: null }],
      ],
      { rhi: [52] },
    ],
    ['a footprint with no scored figures', [[], [{ measure: 'rhi', value: 0 }]], { rhi: [0] }],
  ])('%s', (_name, footprints, expected) => {
    expect(Object.fromEntries(contributionsByMeasure(footprints as { measure: string; value: number | null }[][]))).toEqual(expected);
  });
});
