import { decideRound, distributionCellKey, type GateDistributionCell, type GateScoreCell, type RespondentGroup, scoreCellKey } from './round-gate';

/**
 * The gate tried as an attacker would, over many random rounds: build a round from individual
 * respondents (group sizes around k, every breakdown), run the real decision, collect every figure
 * the public routes would publish (each is a sum over a set of respondents, or of ratings, with its
 * count), and solve for every withheld figure and every small group by linear algebra: a group's sum
 * can be worked out exactly when its indicator vector lies in the row space of the published ones.
 * The equations are built here from the respondents, not from the gate's own model of the round.
 */

const TYPES: Record<string, string> = { acute_trust: 'nhs', icb: 'nhs', unitary_authority: 'local_government', county_council: 'local_government', voluntary_sector: 'voluntary' };
const ROLES = ['finance', 'chief_executive', 'other'];

interface Respondent {
  id: number;
  organisation: string;
  role: string;
  /** Organisations this respondent rated. */
  rated: string[];
}

interface Round {
  k: number;
  types: Map<string, string>;
  respondents: Respondent[];
}

/** A small deterministic generator (LCG), so a failure names the round it failed on. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (from: number, to: number) => from + Math.floor(next() * (to - from + 1)), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}

function randomRound(seed: number): Round {
  const random = generator(seed);
  const k = random.pick([3, 4, 5, 5, 5, 6]);
  const organisations = Array.from({ length: random.int(3, 7) }, (_, i) => `o${i}`);
  const types = new Map(organisations.map((o) => [o, random.pick(Object.keys(TYPES))]));
  const respondents: Respondent[] = [];
  for (const organisation of organisations) {
    // Around k per organisation, split over one to three roles.
    const roles = ROLES.slice(0, random.int(1, 3));
    const count = random.int(0, 2 * k);
    for (let i = 0; i < count; i++) {
      const rated = organisations.filter((o) => o !== organisation && random.next() < 0.6);
      respondents.push({ id: respondents.length, organisation, role: random.pick(roles), rated });
    }
  }
  return { k, types, respondents };
}

const sectorOf = (round: Round, organisation: string) => TYPES[round.types.get(organisation)!]!;

/** A published figure as the attacker sees it: a weighted sum over respondents (or ratings). */
interface Figure {
  key: string;
  space: 'answers' | 'ties';
  /** Column → weight. */
  terms: Map<string, number>;
  respondents: number;
}

const indicator = (columns: string[]) => new Map(columns.map((c) => [c, 1]));

/** Every figure the round routes, BI pages and exports publish for the round, before the gate. */
function figures(round: Round): { scores: GateScoreCell[]; distributions: GateDistributionCell[]; groups: RespondentGroup[]; all: Figure[] } {
  const all: Figure[] = [];
  const scores: GateScoreCell[] = [];
  const distributions: GateDistributionCell[] = [];
  const cell = (fields: Partial<GateScoreCell> & Pick<GateScoreCell, 'scope' | 'subject' | 'measure' | 'respondents'>): GateScoreCell => ({
    organisationId: null,
    partnerOrganisationId: null,
    sector: null,
    partnerSector: null,
    ...fields,
  });
  const answerFigure = (key: string, members: Respondent[]) => all.push({ key, space: 'answers', terms: indicator(members.map((r) => `r${r.id}`)), respondents: members.length });
  const organisations = [...round.types.keys()];
  const sectors = [...new Set(organisations.map((o) => sectorOf(round, o)))];
  const types = [...new Set(round.types.values())];

  // Respondent scores (RHI and a dimension), then one respondent question's distributions.
  const group = (filter: (r: Respondent) => boolean) => round.respondents.filter(filter);
  for (const measure of ['rhi', 'trust']) {
    const everyone = cell({ scope: measure === 'rhi' ? 'footprint' : 'dimension', subject: 'footprint', measure, respondents: round.respondents.length });
    scores.push(everyone);
    answerFigure(scoreCellKey(everyone), round.respondents);
    for (const o of organisations) {
      const members = group((r) => r.organisation === o);
      if (members.length === 0) continue;
      const c = cell({ scope: 'organisation', subject: o, measure, respondents: members.length, organisationId: o, sector: sectorOf(round, o) });
      scores.push(c);
      answerFigure(scoreCellKey(c), members);
    }
    for (const s of sectors) {
      const members = group((r) => sectorOf(round, r.organisation) === s);
      if (members.length === 0) continue;
      const c = cell({ scope: 'sector', subject: s, measure, respondents: members.length, sector: s });
      scores.push(c);
      answerFigure(scoreCellKey(c), members);
    }
  }
  const breakdowns: [string, string, (r: Respondent) => boolean][] = [
    ['all', 'all', () => true],
    ...sectors.map((s): [string, string, (r: Respondent) => boolean] => ['sector', s, (r) => sectorOf(round, r.organisation) === s]),
    ...types.map((t): [string, string, (r: Respondent) => boolean] => ['organisation_type', t, (r) => round.types.get(r.organisation) === t]),
    ...ROLES.map((role): [string, string, (r: Respondent) => boolean] => ['respondent_role', role, (r) => r.role === role]),
  ];
  for (const [breakdown, groupKey, filter] of breakdowns) {
    const members = group(filter);
    if (members.length === 0) continue;
    const c = { questionKey: 'q', breakdown, groupKey, respondents: members.length, partner: false };
    distributions.push(c);
    answerFigure(distributionCellKey(c), members);
  }

  // Partner ratings: a rating is one respondent's answer about one organisation.
  const ratings = (filter: (r: Respondent, rated: string) => boolean) => round.respondents.flatMap((r) => r.rated.filter((o) => filter(r, o)).map((o) => ({ r, o })));
  const tieFigure = (key: string, list: { r: Respondent; o: string }[], weight: (x: { r: Respondent; o: string }) => number = () => 1) =>
    all.push({ key, space: 'ties', terms: new Map(list.map((x) => [`r${x.r.id}>${x.o}`, weight(x)])), respondents: new Set(list.map((x) => x.r.id)).size });
  const dyadRaters = new Map<string, number>();
  for (const a of organisations) {
    for (const b of organisations) {
      const list = ratings((r, o) => r.organisation === a && o === b);
      if (list.length === 0) continue;
      dyadRaters.set(`${a}>${b}`, list.length);
      const c = cell({ scope: 'dyad', subject: `${a}>${b}`, measure: 'partner_rating', respondents: list.length, organisationId: a, partnerOrganisationId: b, sector: sectorOf(round, a), partnerSector: sectorOf(round, b) });
      scores.push(c);
      tieFigure(scoreCellKey(c), list);
    }
  }
  for (const s of sectors) {
    for (const t of sectors) {
      const list = ratings((r, o) => sectorOf(round, r.organisation) === s && sectorOf(round, o) === t);
      if (list.length === 0) continue;
      const c = cell({ scope: 'sector_pair', subject: `${s}>${t}`, measure: 'partner_rating', respondents: new Set(list.map((x) => x.r.id)).size, sector: s, partnerSector: t });
      scores.push(c);
      tieFigure(scoreCellKey(c), list);
    }
  }
  // Trust received and given: plain means of the dyads' means, so each rating weighs 1 / (its dyad's raters · the dyads).
  for (const o of organisations) {
    for (const [measure, side] of [
      ['trust_received', (x: { r: Respondent; o: string }) => x.o === o],
      ['trust_given', (x: { r: Respondent; o: string }) => x.r.organisation === o],
    ] as const) {
      const list = ratings((r, rated) => side({ r, o: rated }));
      if (list.length === 0) continue;
      const dyads = new Set(list.map((x) => `${x.r.organisation}>${x.o}`));
      const c = cell({ scope: 'network', subject: o, measure, respondents: list.length, organisationId: o });
      scores.push(c);
      tieFigure(scoreCellKey(c), list, (x) => 1 / (dyadRaters.get(`${x.r.organisation}>${x.o}`)! * dyads.size));
    }
  }
  const raters = round.respondents.filter((r) => r.rated.length > 0).length;
  for (const measure of ['density', 'strong_tie_share']) scores.push(cell({ scope: 'network', subject: 'footprint', measure, respondents: raters }));
  for (const [breakdown, groupKey, filter] of breakdowns) {
    const list = ratings((r) => filter(r));
    if (list.length === 0) continue;
    const c = { questionKey: 'p', breakdown, groupKey, respondents: new Set(list.map((x) => x.r.id)).size, partner: true };
    distributions.push(c);
    tieFigure(distributionCellKey(c), list);
  }

  const groups = new Map<string, RespondentGroup>();
  for (const r of round.respondents) {
    const key = `${r.organisation}|${r.role}`;
    const g = groups.get(key) ?? { organisationId: r.organisation, organisationType: round.types.get(r.organisation)!, respondentRole: r.role, respondents: 0 };
    g.respondents += 1;
    groups.set(key, g);
  }
  return { scores, distributions, groups: [...groups.values()], all };
}

/** Row space of the published figures of one space, by Gauss–Jordan elimination. */
function rowSpace(rows: readonly Map<string, number>[]): (target: Map<string, number>) => boolean {
  const columns = [...new Set(rows.flatMap((row) => [...row.keys()]))];
  const index = new Map(columns.map((c, i) => [c, i]));
  const dense = (row: Map<string, number>) => {
    const v = new Float64Array(columns.length + 1);
    for (const [c, w] of row) v[index.get(c) ?? columns.length] += w;
    return v;
  };
  const basis: { v: Float64Array; pivot: number }[] = [];
  const reduce = (v: Float64Array) => {
    for (const { v: b, pivot } of basis) {
      const f = v[pivot]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < v.length; j++) v[j]! -= f * b[j]!;
    }
    return v;
  };
  for (const row of rows) {
    const v = reduce(dense(row));
    let pivot = -1;
    for (let j = 0; j < v.length; j++) if (Math.abs(v[j]!) > 1e-9 && (pivot < 0 || Math.abs(v[j]!) > Math.abs(v[pivot]!))) pivot = j;
    if (pivot < 0) continue;
    const scale = v[pivot]!;
    for (let j = 0; j < v.length; j++) v[j]! /= scale;
    for (const b of basis) {
      const f = b.v[pivot]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < v.length; j++) b.v[j]! -= f * v[j]!;
    }
    basis.push({ v, pivot });
  }
  return (target) => reduce(dense(target)).every((x) => Math.abs(x) <= 1e-9);
}

/** What the attacker recovers from one round: withheld figures and groups of fewer than k, by name. */
function attack(round: Round): { recovered: string[]; withheld: number; published: number } {
  const { scores, distributions, groups, all } = figures(round);
  const withheld = decideRound({ scores, distributions, respondentGroups: groups }, round.k);
  const recovered: string[] = [];
  const small = (n: number) => n > 0 && n < round.k;

  // Network measures that are no sum: published only when every tie is.
  const dyadKeys = scores.filter((c) => c.scope === 'dyad').map(scoreCellKey);
  for (const measure of ['strong_tie_share']) {
    const key = scoreCellKey({ scope: 'network', subject: 'footprint', measure });
    if (!withheld.has(key) && dyadKeys.some((d) => withheld.has(d))) recovered.push(`${key} is built from withheld ties`);
  }

  for (const space of ['answers', 'ties'] as const) {
    const published = all.filter((f) => f.space === space && !withheld.has(f.key));
    const determines = rowSpace(published.map((f) => f.terms));
    const targets: [string, Map<string, number>][] = [];
    // Every withheld sum. Not targets themselves: network measures and partner answers by role, which the gate
    // withholds by rule (they would lean on a withheld tie, or cross the dyads) rather than for resting on
    // fewer than k; what they could give away is among the groups below.
    const byRule = (f: Figure) => f.key.startsWith('network|') || f.key.startsWith('distribution|p|respondent_role|');
    for (const f of all) if (f.space === space && withheld.has(f.key) && f.respondents > 0 && !byRule(f)) targets.push([f.key, new Map([...f.terms.keys()].map((c) => [c, 1]))]);
    if (space === 'answers') {
      const byGroup = new Map<string, string[]>();
      for (const r of round.respondents) {
        targets.push([`respondent ${r.id}`, indicator([`r${r.id}`])]);
        for (const g of [`organisation ${r.organisation}`, `type ${round.types.get(r.organisation)}`, `sector ${sectorOf(round, r.organisation)}`]) {
          const key = `${g} × role ${r.role}`;
          byGroup.set(key, [...(byGroup.get(key) ?? []), `r${r.id}`]);
        }
      }
      for (const [name, members] of byGroup) if (small(members.length)) targets.push([name, indicator(members)]);
    } else {
      const byGroup = new Map<string, { columns: string[]; raters: Set<number> }>();
      for (const r of round.respondents) {
        for (const o of r.rated) {
          targets.push([`rating r${r.id}>${o}`, indicator([`r${r.id}>${o}`])]);
          for (const g of [`type ${round.types.get(r.organisation)}`, `sector ${sectorOf(round, r.organisation)}`, `role ${r.role}`, `organisation ${r.organisation} role ${r.role}`]) {
            const key = `${g} → ${o}`;
            const entry = byGroup.get(key) ?? { columns: [], raters: new Set() };
            entry.columns.push(`r${r.id}>${o}`);
            entry.raters.add(r.id);
            byGroup.set(key, entry);
          }
        }
      }
      for (const [name, { columns, raters }] of byGroup) if (small(raters.size)) targets.push([name, indicator(columns)]);
    }
    // Withheld figures of one breakdown taken together: fewer than k between them must not follow either.
    const hiddenFigures = all.filter((f) => f.space === space && withheld.has(f.key) && small(f.respondents));
    for (const [i, a] of hiddenFigures.entries()) {
      for (const b of hiddenFigures.slice(i + 1)) {
        const kind = (f: Figure) => f.key.split('|').slice(0, f.key.startsWith('distribution') ? 3 : 1).join('|');
        if (kind(a) !== kind(b)) continue;
        const columns = new Set([...a.terms.keys(), ...b.terms.keys()]);
        const people = new Set([...columns].map((c) => c.split('>')[0]));
        if (small(people.size)) targets.push([`${a.key} + ${b.key}`, indicator([...columns])]);
      }
    }
    for (const [name, target] of targets) if (determines(target)) recovered.push(name);
  }
  return { recovered, withheld: withheld.size, published: scores.length + distributions.length - withheld.size };
}

describe('the round gate against an attacker with every published figure', () => {
  it('recovers no withheld figure, respondent, rating or group of fewer than k in 300 random rounds', () => {
    const failures: string[] = [];
    let withheld = 0;
    let published = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const outcome = attack(randomRound(seed));
      withheld += outcome.withheld;
      published += outcome.published;
      if (outcome.recovered.length > 0) failures.push(`round ${seed}: ${outcome.recovered.slice(0, 3).join('; ')}`);
    }
    expect(failures).toEqual([]);
    // The gate must not get there by withholding everything.
    expect(published).toBeGreaterThan(withheld / 4);
  });

  it('finds the differencing attack of issue 20 when the gate is left out (the attacker works)', () => {
    const round: Round = {
      k: 5,
      types: new Map([
        ['a', 'acute_trust'],
        ['b', 'unitary_authority'],
        ['v', 'voluntary_sector'],
      ]),
      respondents: [
        ...Array.from({ length: 6 }, () => ({ organisation: 'a', role: 'finance', rated: ['b'] })),
        ...Array.from({ length: 6 }, () => ({ organisation: 'b', role: 'finance', rated: ['a'] })),
        ...Array.from({ length: 2 }, () => ({ organisation: 'v', role: 'finance', rated: ['a'] })),
      ].map((r, id) => ({ ...r, id })),
    };
    const { all } = figures(round);
    // Only the minimum-respondents rule: every figure of k or more is published.
    const determines = rowSpace(all.filter((f) => f.space === 'answers' && f.respondents >= 5).map((f) => f.terms));
    expect(determines(indicator(['r12', 'r13']))).toBe(true);
  });
});
