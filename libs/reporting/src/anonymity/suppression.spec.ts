import { determinedCells, type Margin, suppressCells } from './suppression';

const belowThreshold = (n: number, k: number) => n > 0 && n < k;

const K = 5;

/** Cells of a footprint: total F, sectors, organisations in them. */
function table(organisations: Record<string, { sector: string; n: number }>) {
  const sectors = [...new Set(Object.values(organisations).map((o) => o.sector))];
  const respondents = new Map<string, number>(Object.entries(organisations).map(([id, o]) => [id, o.n]));
  for (const sector of sectors) respondents.set(sector, Object.values(organisations).filter((o) => o.sector === sector).reduce((sum, o) => sum + o.n, 0));
  respondents.set('F', Object.values(organisations).reduce((sum, o) => sum + o.n, 0));
  const margins: Margin[] = [
    { total: 'F', parts: Object.keys(organisations) },
    { total: 'F', parts: sectors },
    ...sectors.map((sector) => ({ total: sector, parts: Object.keys(organisations).filter((id) => organisations[id]!.sector === sector) })),
  ];
  return { respondents, margins };
}

/** What an attacker learns: for every margin with a published total, the sum of the withheld parts. */
function recoverable(margins: readonly Margin[], hidden: ReadonlySet<string>, respondents: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  for (const margin of margins) {
    if (hidden.has(margin.total) || !(respondents.get(margin.total)! > 0)) continue;
    const withheld = margin.parts.filter((id) => hidden.has(id) && respondents.get(id)! > 0);
    const sum = withheld.reduce((total, id) => total + respondents.get(id)!, 0);
    if (withheld.length === 1) problems.push(`${withheld[0]} = ${margin.total} − published parts`);
    else if (belowThreshold(sum, K)) problems.push(`${withheld.join('+')} (${sum} respondents) = ${margin.total} − published parts`);
  }
  return problems;
}

describe('suppressCells', () => {
  it.each([
    [0, true],
    [1, true],
    [4, true],
    [5, false],
  ])('withholds, as the gate’s primary rule does, an aggregate of %i respondents: %s', (n, withheld) => {
    expect(suppressCells({ respondents: new Map([['a', n]]), margins: [], k: K }).has('a')).toBe(withheld);
  });

  it('withholds a second organisation of the sector when one is below k, the smallest of the rest', () => {
    const { respondents, margins } = table({ a: { sector: 'nhs', n: 2 }, b: { sector: 'nhs', n: 9 }, c: { sector: 'nhs', n: 6 }, d: { sector: 'local_government', n: 8 } });
    const hidden = suppressCells({ respondents, margins, k: K });
    expect([...hidden].sort()).toEqual(['a', 'c']);
    expect(recoverable(margins, hidden, respondents)).toEqual([]);
  });

  it('withholds more when the withheld parts together are still fewer than k', () => {
    const { respondents, margins } = table({ a: { sector: 'nhs', n: 1 }, b: { sector: 'nhs', n: 2 }, c: { sector: 'nhs', n: 7 }, d: { sector: 'nhs', n: 9 } });
    const hidden = suppressCells({ respondents, margins, k: K });
    expect([...hidden].sort()).toEqual(['a', 'b', 'c']);
    expect(recoverable(margins, hidden, respondents)).toEqual([]);
  });

  it('protects a small sector from the footprint total minus the other sectors', () => {
    const { respondents, margins } = table({ a: { sector: 'voluntary', n: 3 }, b: { sector: 'nhs', n: 12 }, c: { sector: 'local_government', n: 8 } });
    const hidden = suppressCells({ respondents, margins, k: K });
    expect(hidden.has('voluntary')).toBe(true);
    expect(hidden.has('a')).toBe(true);
    expect(recoverable(margins, hidden, respondents)).toEqual([]);
    expect(determinedCells(margins, hidden)).toEqual([]);
  });

  it('withholds every cell tied to a withheld one', () => {
    const respondents = new Map([
      ['a:rhi', 6],
      ['a:trust', 4],
      ['a:delivery', 6],
    ]);
    const hidden = suppressCells({ respondents, margins: [], ties: [['a:rhi', 'a:trust', 'a:delivery']], k: K });
    expect([...hidden].sort()).toEqual(['a:delivery', 'a:rhi', 'a:trust']);
  });

  it('finds cells that only a combination of margins reveals, and withholds more until none is', () => {
    // x+y and y+z and x+z are each published as totals: together they solve for x, y and z.
    const respondents = new Map([
      ['x', 2],
      ['y', 6],
      ['z', 6],
      ['xy', 8],
      ['yz', 12],
      ['xz', 8],
    ]);
    const margins: Margin[] = [
      { total: 'xy', parts: ['x', 'y'] },
      { total: 'yz', parts: ['y', 'z'] },
      { total: 'xz', parts: ['x', 'z'] },
    ];
    expect(determinedCells(margins, new Set(['x', 'y', 'z']))).toEqual(['x', 'y', 'z']);
    const hidden = suppressCells({ respondents, margins, k: K });
    expect(determinedCells(margins, hidden)).toEqual([]);
  });

  it('leaves nothing recoverable in random footprints (200 tables of 3 sectors, 2–12 organisations)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 200; t++) {
      const organisations: Record<string, { sector: string; n: number }> = {};
      const count = 2 + Math.floor(random() * 11);
      for (let i = 0; i < count; i++) organisations[`o${i}`] = { sector: ['nhs', 'local_government', 'voluntary'][Math.floor(random() * 3)]!, n: Math.floor(random() * 12) };
      const { respondents, margins } = table(organisations);
      const hidden = suppressCells({ respondents, margins, k: K });
      for (const [id, n] of respondents) if (belowThreshold(n, K)) expect(hidden.has(id)).toBe(true);
      expect(recoverable(margins, hidden, respondents)).toEqual([]);
      // Empty cells carry no value: that one "follows" (it is zero) gives nothing away.
      const live = margins.filter((m) => respondents.get(m.total)! > 0).map((m) => ({ total: m.total, parts: m.parts.filter((id) => respondents.get(id)! > 0) }));
      expect(determinedCells(live, hidden)).toEqual([]);
    }
  });
});
