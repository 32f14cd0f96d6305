import { describe, expect, it } from '@jest/globals';
import { trendSeries } from './trend';

const point = (period: string, measure: string, mean: number | null, suppressed = false) => ({ period, measure, mean, suppressed });

describe('trendSeries', () => {
  it.each([
    ['a value per period, rounded to one decimal', ['2026-Q1', '2026-Q2'], [point('2026-Q1', 'rhi', 61.26), point('2026-Q2', 'rhi', 58.04)], [61.3, 58]],
    ['a withheld figure is a gap, never its value', ['2026-Q1', '2026-Q2'], [point('2026-Q1', 'rhi', 61, true), point('2026-Q2', 'rhi', 58)], [null, 58]],
    ['a round without the score is a gap', ['2026-Q1', '2026-Q2', '2026-Q3'], [point('2026-Q1', 'rhi', 61), point('2026-Q3', 'rhi', 70)], [61, null, 70]],
    ['a null mean is a gap even when not marked withheld', ['2026-Q1'], [point('2026-Q1', 'rhi', null)], [null]],
  ])('%s', (_name, periods, points, expected) => {
    expect(trendSeries(periods, points, ['rhi'])).toEqual([{ measure: 'rhi', values: expected }]);
  });

  it('keeps the measures in the order asked and drops one with nothing to draw', () => {
    const series = trendSeries(['2026-Q1'], [point('2026-Q1', 'trust', 70), point('2026-Q1', 'rhi', 60), point('2026-Q1', 'delivery', 55, true)], ['rhi', 'trust', 'delivery']);
    expect(series.map((s) => s.measure)).toEqual(['rhi', 'trust']);
  });
});
