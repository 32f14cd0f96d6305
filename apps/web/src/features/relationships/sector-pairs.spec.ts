import { describe, expect, it } from '@jest/globals';
import { nhsCouncilGap, type SectorPairScore, sectorPairRows, sectorPairsOption } from './sector-pairs';

const pair = (sector: string, partnerSector: string, fields: Partial<SectorPairScore> = {}): SectorPairScore => ({
  sector,
  partnerSector,
  suppressed: false,
  mean: 60,
  band: 'moderate',
  respondents: 12,
  perceptionGap: { suppressed: false, value: 5 },
  ...fields,
});

describe('sector pairs', () => {
  const scores = [
    pair('local_government', 'nhs', { mean: 55, perceptionGap: { suppressed: false, value: -5 } }),
    pair('nhs', 'local_government'),
    pair('voluntary', 'nhs', { suppressed: true, mean: null, band: null, respondents: null, perceptionGap: null }),
    pair('nhs', 'voluntary', { perceptionGap: { suppressed: true, value: null } }),
  ];

  it('orders rows by sector and keeps nothing of a withheld pair', () => {
    expect(sectorPairRows(scores).map((r) => [r.from, r.to, r.mean, r.band, r.gap, r.gapWithheld])).toEqual([
      ['nhs', 'local_government', 60, 'moderate', 5, false],
      ['nhs', 'voluntary', 60, 'moderate', null, true],
      ['local_government', 'nhs', 55, 'moderate', -5, false],
      ['voluntary', 'nhs', null, null, null, false],
    ]);
  });

  it.each([
    ['scored', scores, { suppressed: false, value: 5 }],
    ['withheld pair', [pair('nhs', 'local_government', { suppressed: true, mean: null, perceptionGap: null })], { suppressed: true, value: null }],
    ['withheld gap', [pair('nhs', 'local_government', { perceptionGap: { suppressed: true, value: null } })], { suppressed: true, value: null }],
    ['reverse not rated', [pair('nhs', 'local_government', { perceptionGap: null })], null],
    ['not rated', [], null],
  ])('the NHS ↔ local government gap, %s', (_, input, gap) => expect(nhsCouncilGap(input)).toEqual(gap));

  it('draws a bar for scored pairs only', () => {
    const option = sectorPairsOption(sectorPairRows(scores), (from, to) => `${from}>${to}`) as { series: { data: unknown[] }[] };
    expect(option.series[0]!.data.map((d) => (d as { value: number } | null)?.value ?? null)).toEqual([60, 60, 55, null]);
  });
});
