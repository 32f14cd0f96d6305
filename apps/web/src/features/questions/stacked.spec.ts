import { describe, expect, it } from '@jest/globals';
import { type ShareRow, sharePercents, stackedOption } from './stacked';

const row = (label: string, favourable: number | null, neutral: number | null, unfavourable: number | null, suppressed = false): ShareRow => ({ label, favourable, neutral, unfavourable, suppressed });
const names = { favourable: 'Favourable', neutral: 'Neutral', unfavourable: 'Unfavourable' };

describe('sharePercents', () => {
  it.each([
    ['shares as percentages, one decimal', row('NHS', 0.6667, 0.2, 0.1333), { favourable: 66.7, neutral: 20, unfavourable: 13.3 }],
    ['a withheld row has none', row('NHS', 0.5, 0.25, 0.25, true), null],
    ['a row without shares has none', row('Other', null, null, null), null],
  ])('%s', (_name, input, expected) => {
    expect(sharePercents(input)).toEqual(expected);
  });
});

describe('stackedOption', () => {
  const option = stackedOption([row('NHS', 0.5, 0.25, 0.25), row('Local government', 0.9, 0.1, 0, true)], names, 'fewer than 5 responses') as {
    yAxis: { data: string[] };
    series: { name: string; data: (number | null)[] }[];
  };

  it('draws rows top to bottom in the given order, a withheld one labelled in words', () => {
    expect(option.yAxis.data).toEqual(['Local government (fewer than 5 responses)', 'NHS']);
  });

  it('gives a withheld row no bar in any series', () => {
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Favourable', [null, 50]],
      ['Neutral', [null, 25]],
      ['Unfavourable', [null, 25]],
    ]);
  });
});
