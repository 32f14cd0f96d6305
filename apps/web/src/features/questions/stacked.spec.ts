import { describe, expect, it } from '@jest/globals';
import { overallShareRows, type ShareRow, sharePercents, stackedOption } from './stacked';

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

describe('overallShareRows', () => {
  const questions = [
    { key: 'trust', type: 'scale', text: 'Partners keep their word.' },
    { key: 'purpose', type: 'scale', text: 'We share a purpose.' },
    { key: 'barrier', type: 'single_choice', text: 'The main barrier' },
    { key: 'comments', type: 'free_text', text: 'Anything else?' },
    { key: 'unanswered', type: 'yes_no', text: 'Nobody answered this.' },
  ];
  const shown = (questionKey: string, groupKey = 'all') => ({ questionKey, groupKey, suppressed: false, favourableShare: 0.5, neutralShare: 0.3, unfavourableShare: 0.2 });
  const withheld = (questionKey: string) => ({ questionKey, groupKey: 'all', suppressed: true, favourableShare: null, neutralShare: null, unfavourableShare: null });

  it('keeps a question withheld overall, in its place, as a withheld row with no shares', () => {
    const rows = overallShareRows(questions, [withheld('trust'), shown('purpose'), shown('trust', 'nhs')]);
    expect(rows.map((r) => [r.key, r.suppressed, sharePercents(r)])).toEqual([
      ['trust', true, null],
      ['purpose', false, { favourable: 50, neutral: 30, unfavourable: 20 }],
    ]);
    const option = stackedOption(rows, names, 'fewer than 5 responses') as { yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['We share a purpose.', 'Partners keep their word. (fewer than 5 responses)']);
  });

  it('leaves off questions with no favourable end, and those nobody answered', () => {
    const barrier = { ...shown('barrier'), favourableShare: null, neutralShare: null, unfavourableShare: null };
    expect(overallShareRows(questions, [barrier, withheld('barrier'), shown('comments'), shown('purpose')]).map((r) => r.key)).toEqual(['purpose']);
  });
});
