import { describe, expect, it } from '@jest/globals';
import type { DyadScore } from './heatmap';
import { edgeWidth, NODE_MAX, NODE_MIN, networkElements, nodeSize } from './network';

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
    expect(nodes.map((n) => [n.data.label, n.data.size])).toEqual([
      ['Alder Hey', NODE_MIN],
      ['Wirral Trust', NODE_MIN],
      ['Wirral Council', nodeSize(50)],
      ['Wirral CVS', NODE_MIN],
    ]);
    expect(edges.map((e) => [e.data.id, e.data.concern, e.data.withheld, e.data.width, e.data.colour])).toEqual([
      ['c1>t1', true, false, edgeWidth(40), '#d5281b'],
      ['t1>c1', false, false, edgeWidth(80), '#768692'],
      ['t2>c1', false, true, 1, '#aeb7bd'],
    ]);
    expect(isolated.map((m) => m.name)).toEqual(['Wirral CVS']);
    expect(nodes.find((n) => n.data.id === 'v1')!.data.isolated).toBe(true);
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
