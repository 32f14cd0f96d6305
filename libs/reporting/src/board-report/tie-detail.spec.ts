import type { ScoreView } from '@pp/scoring';
import { sectorsOf, showsEveryTie, weakestTies } from './tie-detail';

/** A dyad as the gate shows it: [rater, rated, mean and band, or 'withheld']. */
type Tie = [from: string, to: string, rating: [number, 'strong' | 'moderate' | 'concern'] | 'withheld'];

const dyad = ([from, to, rating]: Tie) =>
  ({
    scope: 'dyad',
    organisationId: from,
    partnerOrganisationId: to,
    suppressed: rating === 'withheld',
    mean: rating === 'withheld' ? null : rating[0],
    band: rating === 'withheld' ? null : rating[1],
  }) as unknown as ScoreView;

const listed = (views: readonly ScoreView[]) => views.map((d) => `${d.organisationId}>${d.partnerOrganisationId} ${d.mean}`);

describe('showsEveryTie', () => {
  it.each<[number, number, boolean]>([
    [17, 80, true],
    [60, 80, true],
    [80, 80, true],
    [81, 80, false],
    [1260, 80, false],
    [3, 2, false],
    [2, 2, true],
  ])('%i members with a limit of %i: every tie %p', (members, limit, expected) => {
    expect(showsEveryTie(members, limit)).toBe(expected);
  });
});

describe('weakestTies', () => {
  it.each<[string, Tie[], number, { shown: number; concern: number; weakest: string[] }]>([
    ['no ties', [], 3, { shown: 0, concern: 0, weakest: [] }],
    ['only ties in concern, lowest first', [['a', 'b', [48, 'concern']], ['b', 'a', [80, 'strong']], ['a', 'c', [30, 'concern']], ['c', 'a', [60, 'moderate']]], 3, { shown: 4, concern: 2, weakest: ['a>c 30', 'a>b 48'] }],
    ['keeps the weakest `count`', [['a', 'b', [40, 'concern']], ['b', 'a', [20, 'concern']], ['a', 'c', [30, 'concern']], ['c', 'a', [10, 'concern']]], 2, { shown: 4, concern: 4, weakest: ['c>a 10', 'b>a 20'] }],
    ['a withheld tie is neither counted nor listed', [['a', 'b', 'withheld'], ['b', 'a', [45, 'concern']]], 3, { shown: 1, concern: 1, weakest: ['b>a 45'] }],
    ['equal scores in the pair’s order', [['c', 'a', [40, 'concern']], ['a', 'c', [40, 'concern']], ['b', 'a', [40, 'concern']]], 2, { shown: 3, concern: 3, weakest: ['a>c 40', 'b>a 40'] }],
    ['the band is the gate’s, not worked out from the mean', [['a', 'b', [49, 'moderate']], ['b', 'a', [51, 'concern']]], 3, { shown: 2, concern: 1, weakest: ['b>a 51'] }],
  ])('%s', (_name, ties, count, expected) => {
    const found = weakestTies(ties.map(dyad), count);
    expect({ ...found, weakest: listed(found.weakest) }).toEqual(expected);
  });

  it.each([1, 2, 3, 5])('page by page (pages of %i) gives what the whole round gives', (pageSize) => {
    const round: Tie[] = [
      ['a', 'b', [40, 'concern']],
      ['b', 'a', [20, 'concern']],
      ['a', 'c', 'withheld'],
      ['c', 'a', [10, 'concern']],
      ['b', 'c', [90, 'strong']],
      ['c', 'b', [20, 'concern']],
      ['d', 'a', [35, 'concern']],
    ];
    let paged = weakestTies([], 3);
    for (let i = 0; i < round.length; i += pageSize) paged = weakestTies(round.slice(i, i + pageSize).map(dyad), 3, paged);
    expect({ ...paged, weakest: listed(paged.weakest) }).toEqual({ shown: 6, concern: 5, weakest: ['c>a 10', 'b>a 20', 'c>b 20'] });
  });
});

describe('sectorsOf', () => {
  const order = ['nhs', 'local_government', 'voluntary', 'other'];
  const pair = (sector: string, partnerSector: string) => ({ sector, partnerSector }) as unknown as ScoreView;
  it.each<[string, string[], ScoreView[], string[]]>([
    ['the members’ sectors in the given order', ['voluntary', 'nhs', 'nhs'], [], ['nhs', 'voluntary']],
    ['and any a pair names', ['nhs'], [pair('nhs', 'local_government')], ['nhs', 'local_government']],
    ['an unknown sector last', ['housing_x', 'other', 'nhs'], [], ['nhs', 'other', 'housing_x']],
  ])('%s', (_name, sectors, pairs, expected) => {
    expect(sectorsOf(sectors.map((sector) => ({ sector })), pairs, order)).toEqual(expected);
  });
});
