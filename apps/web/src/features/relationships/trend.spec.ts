import { describe, expect, it } from '@jest/globals';
import { seriesOf } from './trend';

describe('seriesOf', () => {
  const items = [
    { period: '2026-Q1', subject: 'a>b', suppressed: false, mean: 70 },
    { period: '2026-Q2', subject: 'a>b', suppressed: true, mean: null },
    { period: '2026-Q3', subject: 'a>b', suppressed: false, mean: 64.5 },
    { period: '2026-Q1', subject: 'b>a', suppressed: false, mean: 20 },
  ];
  it.each([
    ['a>b', [70, null, 64.5, null]],
    ['b>a', [20, null, null, null]],
    ['c>a', [null, null, null, null]],
  ])('%s gives %j: withheld and unscored rounds are gaps', (subject, values) => {
    expect(seriesOf(items, subject, ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'])).toEqual(values);
  });
});
