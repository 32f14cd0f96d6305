import { describe, expect, it } from '@jest/globals';
import type { DyadScore } from './heatmap';
import { edgeWidth, NODE_MAX, NODE_MIN, NODE_WITHHELD, networkElements, networkExportFilters, nodeSize } from './network';

const members = [
  { id: 'c1', name: 'Wirral Council', sector: 'local_government' },
  { id: 't1', name: 'Wirral Trust', sector: 'nhs' },
  { id: 't2', name: 'Alder Hey', sector: 'nhs' },
  { id: 'v1', name: 'Wirral CVS', sector: 'voluntary' },
];
const dyad = (rater: string, rated: string, mean: number | null, band: string | null): DyadScore => ({
  organisationId: rater,
  partnerOrganisationId: rated,
  suppressed: mean === null,
  mean,
  band,
  respondents: mean === null ? null : 6,
});
const dyads = [dyad('c1', 't1', 40, 'concern'), dyad('t1', 'c1', 80, 'strong'), dyad('t2', 'c1', null, null)];
const measures = [
  { organisationId: 'c1', measure: 'trust_received', suppressed: false, mean: 50, n: 2 },
  { organisationId: 't1', measure: 'trust_received', suppressed: true, mean: null, n: null },
  { organisationId: 'c1', measure: 'trust_given', suppressed: false, mean: 40, n: 1 },
];

describe('networkElements', () => {
  it.each([
    [null, NODE_MIN],
    [0, NODE_MIN],
    [50, (NODE_MIN + NODE_MAX) / 2],
    [100, NODE_MAX],
  ])('a node with trust received %p is %p wide', (trust, size) => expect(nodeSize(trust)).toBe(size));

  it.each([
    [null, 1],
    [0, 1],
    [100, 6],
  ])('a tie scoring %p is %p wide', (score, width) => expect(edgeWidth(score)).toBe(width));

  it('sizes nodes by trust received, colours ties of concern red, and gives withheld ties no weight', () => {
    const { nodes, edges, isolated } = networkElements(members, dyads, measures);
    expect(nodes.map((n) => [n.data.label, n.data.size, n.data.withheld])).toEqual([
      ['Alder Hey', NODE_MIN, false],
      ['Wirral Trust', NODE_WITHHELD, true],
      ['Wirral Council', nodeSize(50), false],
      ['Wirral CVS', NODE_MIN, false],
    ]);
    expect(edges.map((e) => [e.data.id, e.data.concern, e.data.withheld, e.data.width, e.data.colour])).toEqual([
      ['c1>t1', true, false, edgeWidth(40), '#d5281b'],
      ['t1>c1', false, false, edgeWidth(80), '#768692'],
      ['t2>c1', false, true, 1, '#aeb7bd'],
    ]);
    expect(isolated.map((m) => m.name)).toEqual(['Wirral CVS']);
    expect(nodes.find((n) => n.data.id === 'v1')!.data.isolated).toBe(true);
  });

  it.each([
    ['no value', null],
    ['a value the row should not carry', 90],
    ['zero', 0],
  ])('a withheld trust received (%s) is drawn at the one withheld size, never sized from a value', (_what, mean) => {
    const withheld = [{ organisationId: 't1', measure: 'trust_received', suppressed: true, mean, n: null }];
    const node = networkElements(members, dyads, withheld).nodes.find((n) => n.data.id === 't1')!;
    expect(node.data).toMatchObject({ size: NODE_WITHHELD, withheld: true, label: 'Wirral Trust' });
    // The label is the name alone: no figure rides on a withheld node.
    expect(Object.values(node.data).filter((v) => typeof v === 'number')).toEqual([NODE_WITHHELD]);
  });

  it('lists the ties drawn for the ties table, by rater then rated in sector order, withheld ones without score, band or concern', () => {
    const { ties } = networkElements(members, [...dyads, dyad('t1', 't2', 90, 'strong'), dyad('c1', 'gone', 10, 'concern')], measures);
    expect(ties.map((tie) => [tie.rater.id, tie.rated.id, tie.mean, tie.band, tie.concern])).toEqual([
      ['t2', 'c1', null, null, false],
      ['t1', 't2', 90, 'strong', false],
      ['t1', 'c1', 80, 'strong', false],
      ['c1', 't1', 40, 'concern', true],
    ]);
    // A withheld row keeps nothing, whatever it carries.
    const leaky = { ...dyad('t2', 'c1', 20, 'concern'), suppressed: true };
    expect(networkElements(members, [leaky], measures).ties[0]).toMatchObject({ mean: null, band: null, concern: false });
  });

  it('filtered by sector keeps the ties from or to its members and the members at their ends', () => {
    const { nodes, edges, isolated } = networkElements(members, dyads, measures, 'voluntary');
    expect(edges).toEqual([]);
    expect(nodes.map((n) => n.data.id)).toEqual(['v1']);
    expect(isolated.map((m) => m.id)).toEqual(['v1']);
    const nhs = networkElements(members, dyads, measures, 'nhs');
    expect(nhs.edges.map((e) => e.data.id)).toEqual(['c1>t1', 't1>c1', 't2>c1']);
    expect(nhs.nodes.map((n) => n.data.id)).toEqual(['t2', 't1', 'c1']);
  });
});

describe('networkExportFilters', () => {
  const coded = members.map((m) => ({ ...m, code: m.id.toUpperCase() }));

  it('the whole round (no sector, every tie and figure of a current member) is the round as it is', () => {
    const elements = networkElements(members, dyads, measures);
    expect(elements.whole).toBe(true);
    expect(networkExportFilters(coded, elements)).toEqual({
      members: { scope: 'network', measure: ['trust_received', 'trust_given'] },
      ties: { scope: 'dyad', measure: 'partner_rating' },
    });
  });

  it.each([
    ['a tie', [...dyads, dyad('gone', 'c1', 60, 'moderate')], measures],
    ['a trust figure', dyads, [...measures, { organisationId: 'gone', measure: 'trust_received', suppressed: false, mean: 60, n: 3 }]],
  ])('with %s of a former member left off the map, names the members drawn at both ends', (_what, withGone, measuresWithGone) => {
    const elements = networkElements(members, withGone, measuresWithGone);
    expect(elements.whole).toBe(false);
    const filters = networkExportFilters(coded, elements)!;
    expect(filters.members).toEqual({ scope: 'network', measure: ['trust_received', 'trust_given'], organisation: ['T2', 'T1', 'C1', 'V1'] });
    expect(filters.ties).toEqual({ scope: 'dyad', measure: 'partner_rating', rater: ['T2', 'T1', 'C1', 'V1'], rated: ['T2', 'T1', 'C1', 'V1'], organisation: undefined });
  });

  it('filtered by sector: the ties from or to its members (organisation), both ends among those drawn', () => {
    const filters = networkExportFilters(coded, networkElements(members, dyads, measures, 'local_government'), 'local_government')!;
    expect(filters.members.organisation).toEqual(['T2', 'T1', 'C1']);
    expect(filters.ties).toMatchObject({ rater: ['T2', 'T1', 'C1'], rated: ['T2', 'T1', 'C1'], organisation: ['C1'] });
  });

  it('offers nothing for an empty view (an empty list would be no filter at all)', () => {
    expect(networkExportFilters(coded, networkElements([], dyads, measures, 'other'), 'other')).toBeNull();
  });
});
