import type { ScoreView } from '@pp/scoring';
import { networkChart, networkTies } from './charts';

const members = ['a', 'b', 'c'].map((id) => ({ id, code: id.toUpperCase(), name: `Member ${id}`, sector: 'nhs' }));

/** [rater, rated, band or 'withheld'] */
type Rating = [string, string, 'strong' | 'moderate' | 'concern' | 'withheld'];
const dyad = ([from, to, band]: Rating) =>
  ({ organisationId: from, partnerOrganisationId: to, suppressed: band === 'withheld', mean: band === 'withheld' ? null : 60, band: band === 'withheld' ? null : band }) as unknown as ScoreView;

describe('networkTies', () => {
  it.each<[string, Rating[], string[]]>([
    ['one line per pair, whichever direction was rated', [['a', 'b', 'strong'], ['b', 'a', 'moderate'], ['c', 'a', 'moderate']], ['a-b', 'a-c']],
    ['red when either direction is in concern, drawn last', [['b', 'a', 'concern'], ['a', 'b', 'strong'], ['a', 'c', 'moderate']], ['a-c', 'a-b concern']],
    ['a pair whose ratings are all withheld is not drawn', [['a', 'b', 'withheld'], ['b', 'a', 'withheld'], ['b', 'c', 'moderate']], ['b-c']],
    ['a withheld direction neither hides nor colours the pair', [['a', 'b', 'withheld'], ['b', 'a', 'moderate']], ['a-b']],
    ['ratings of organisations outside the round are left out', [['a', 'z', 'concern']], []],
  ])('%s', (_name, ratings, expected) => {
    expect(networkTies(members, ratings.map(dyad)).map((t) => `${t.a}-${t.b}${t.concern ? ' concern' : ''}`)).toEqual(expected);
  });
});

describe('networkChart', () => {
  it('draws the same SVG for the same round, members on a circle', () => {
    const ratings = [dyad(['a', 'b', 'concern']), dyad(['b', 'c', 'strong'])];
    // Only the hover classes' names differ between chart instances (a counter of ECharts').
    const drawn = () => networkChart(members, ratings, 300, 300).replace(/zr\d+-cls-\d+/g, 'cls');
    const first = drawn();
    expect(drawn()).toBe(first);
    expect(first).toMatch(/^<svg/);
    expect(first).toContain('#d5281b');
  });
});
