import { provisionalCoverage } from './provisional-coverage';

describe('provisionalCoverage', () => {
  it.each([
    // N, k, covered, next publication at
    [0, 5, 0, 10],
    [4, 5, 0, 10],
    [5, 5, 0, 10],
    [9, 5, 0, 10],
    [10, 5, 5, 15],
    [14, 5, 5, 15],
    [15, 5, 10, 20],
    [23, 5, 15, 25],
    [6, 3, 3, 9],
    [8, 3, 3, 9],
    [9, 3, 6, 12],
    [1000, 7, 987, 1001],
  ])('N = %i, k = %i covers the first %i and republishes at N = %i', (n, k, covered, next) => {
    expect(provisionalCoverage(n, k)).toEqual({ respondentsCovered: covered, respondentsSoFar: n, nextPublicationAt: next });
  });

  it('keeps every two publications, and the last one and any later final count, at least k apart', () => {
    for (const k of [3, 5, 7]) {
      const published: number[] = [];
      for (let n = 0; n <= 12 * k; n++) {
        const { respondentsCovered: c, nextPublicationAt } = provisionalCoverage(n, k);
        expect(c % k).toBe(0);
        expect(n - c).toBeGreaterThanOrEqual(c === 0 ? 0 : k);
        expect(nextPublicationAt - n).toBeGreaterThan(0);
        if (c > 0 && c !== published.at(-1)) published.push(c);
        // Closing now: the final figures cover all n respondents.
        if (published.length > 0) expect(n - published.at(-1)!).toBeGreaterThanOrEqual(k);
      }
      for (let i = 1; i < published.length; i++) expect(published[i]! - published[i - 1]!).toBeGreaterThanOrEqual(k);
    }
  });
});
