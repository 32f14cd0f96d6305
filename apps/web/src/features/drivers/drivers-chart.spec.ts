import { describe, expect, it } from '@jest/globals';
import { classThresholds, driverRows, driversOption, type KeyDriver } from './drivers-chart';

const driver = (key: string, fields: { correlation?: Partial<KeyDriver['correlation']>; importance?: Partial<KeyDriver['importance']> } = {}): KeyDriver => ({
  kind: 'dimension',
  key,
  dimension: null,
  correlation: { suppressed: false, reason: null, respondents: 18, mean: 60, r: 0.5, ci95: { lower: 0.1, upper: 0.8 }, ...fields.correlation },
  importance: { suppressed: false, reason: null, respondents: 16, rSquared: 0.5, relativeWeight: 0.1, share: 0.2, class: 'neither', ...fields.importance },
});

const withheld = { suppressed: true, reason: 'fewer than 5 respondents', respondents: null, mean: null, r: null, ci95: null };
const withheldImportance = { suppressed: true, reason: 'fewer than 5 respondents', respondents: null, rSquared: null, relativeWeight: null, share: null, class: null };

describe('key drivers on the page', () => {
  it.each([
    ['shown', driver('trust', { importance: { share: 0.4, class: 'priority' } }), { r: 0.5, lower: 0.1, upper: 0.8, share: 0.4, class: 'priority', correlationWithheld: false, importanceWithheld: false }],
    ['correlation withheld', driver('trust', { correlation: withheld }), { r: null, lower: null, mean: null, respondents: null, share: 0.2, correlationWithheld: true }],
    ['importance withheld', driver('trust', { importance: withheldImportance }), { r: 0.5, share: null, class: null, rSquared: null, importanceWithheld: true }],
    ['no CI (too few for one)', driver('trust', { correlation: { ci95: null } }), { r: 0.5, lower: null, upper: null, correlationWithheld: false }],
    ['weights not estimable', driver('trust', { importance: { share: null, rSquared: null, class: null } }), { share: null, importanceWithheld: false }],
  ])('a row, %s', (_, input, expected) => {
    expect(driverRows([input], (d) => d.key)[0]).toMatchObject(expected);
  });

  it.each([
    ['every mean shown', [60, 40, 50, 70, 80], { equalShare: 0.2, averageScore: 60 }],
    ['one mean withheld', [60, null, 50, 70, 80], { equalShare: 0.2, averageScore: null }],
    ['two dimensions', [30, 50], { equalShare: 0.5, averageScore: 40 }],
    ['none', [], { equalShare: null, averageScore: null }],
  ])('class thresholds, %s', (_, means, expected) => {
    const rows = driverRows(
      means.map((mean, i) => driver(`d${i}`, { correlation: mean === null ? withheld : { mean } })),
      (d) => d.key,
    );
    expect(classThresholds(rows)).toEqual(expected);
  });

  it('draws dots, whiskers and bars for shown figures only, and says which rows are withheld in words', () => {
    const rows = driverRows(
      [
        driver('trust', { importance: { share: 0.456, class: 'strength' } }),
        driver('delivery', { correlation: withheld, importance: withheldImportance }),
        driver('communication', { correlation: { ci95: null } }),
      ],
      (d) => d.key,
    );
    const option = driversOption(rows, { correlation: 'r', importance: 'share', withheld: 'fewer than 5 responses', equalShare: 0.2 }) as {
      yAxis: { data: string[] }[];
      series: { type: string; data: unknown[]; markLine?: { data: unknown[] } }[];
    };
    // Bottom-up in ECharts: the first row is drawn on top.
    expect(option.yAxis[0]!.data).toEqual(['communication', 'delivery (fewer than 5 responses)', 'trust']);
    const lines = option.series.filter((s) => s.type === 'line');
    expect(lines.map((s) => s.data)).toEqual([[[0.1, 'trust'], [0.8, 'trust']]]);
    const dots = option.series.find((s) => s.type === 'scatter')!;
    expect(dots.data).toEqual([[0.5, 'communication'], [0.5, 'trust']]);
    const bars = option.series.find((s) => s.type === 'bar')!;
    expect(bars.data).toEqual([{ value: 20, itemStyle: { color: '#4c6272' } }, null, { value: 45.6, itemStyle: { color: '#007f3b' } }]);
    expect(bars.markLine?.data).toEqual([{ xAxis: 20 }]);
  });
});
