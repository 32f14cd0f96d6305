import type { ScoreView } from '@pp/scoring';
import { BAND_COLOURS, SECTOR_COLOURS } from './report-style';
import { networkLayout, networkTies } from './network-map';

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

describe('networkLayout', () => {
  it('puts the members on a circle in code order, clockwise from 3 o’clock, coloured by sector', () => {
    const mixed = [
      { id: 'c', code: 'C', name: 'Member c', sector: 'voluntary' },
      { id: 'a', code: 'A', name: 'Member a', sector: 'nhs' },
      { id: 'b', code: 'B', name: 'Member b', sector: 'local_government' },
      { id: 'd', code: 'D', name: 'Member d', sector: 'nhs' },
    ];
    // A 320 × 260 box: the circle's radius is min(320 − 120, 260 − 60) / 2 = 100 about (160, 130).
    const map = networkLayout(mixed, [], 320, 260);
    const round = (n: number) => Math.round(n * 1000) / 1000;
    expect(map.nodes.map((n) => [n.label, round(n.x), round(n.y), n.angle, n.colour])).toEqual([
      ['A', 260, 130, 0, SECTOR_COLOURS.nhs],
      ['B', 160, 230, 90, SECTOR_COLOURS.local_government],
      ['C', 60, 130, 180, SECTOR_COLOURS.voluntary],
      ['D', 160, 30, 270, SECTOR_COLOURS.nhs],
    ]);
    expect([map.radial, map.nodeSize, map.fontSize]).toEqual([false, 14, 9]);
  });

  it('draws a line per pair between its members, ties of concern red and last, the same for the same round', () => {
    const ratings = [dyad(['a', 'b', 'concern']), dyad(['b', 'c', 'strong']), dyad(['c', 'a', 'withheld'])];
    const map = networkLayout(members, ratings, 300, 300);
    expect(networkLayout(members, ratings, 300, 300)).toEqual(map);
    const at = (id: string) => map.nodes.find((n) => n.label === id.toUpperCase())!;
    expect(map.lines.map((l) => [l.from, l.to, l.colour])).toEqual([
      [{ x: at('b').x, y: at('b').y }, { x: at('c').x, y: at('c').y }, '#aeb7bd'],
      [{ x: at('a').x, y: at('a').y }, { x: at('b').x, y: at('b').y }, BAND_COLOURS.concern],
    ]);
  });

  it('writes the codes along the radius, with smaller nodes, above 24 members', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `m${i}`, code: `M${String(i).padStart(2, '0')}`, name: `Member ${i}`, sector: 'nhs' }));
    expect(networkLayout(many, [], 400, 400)).toMatchObject({ radial: true, nodeSize: 7, fontSize: 5 });
    expect(networkLayout(many.slice(0, 24), [], 400, 400)).toMatchObject({ radial: false, nodeSize: 14, fontSize: 9 });
  });
});
