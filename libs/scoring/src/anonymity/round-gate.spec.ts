import { decideRound, distributionCellKey, driverCellKey, type GateDistributionCell, type GateDriverCell, type GateScoreCell, type RespondentGroup, scoreCellKey, withholdUnits } from './round-gate';

const K = 5;

/** Organisations: id → [type, { role: respondents }]. */
type Members = Record<string, [string, Record<string, number>]>;

const SECTOR: Record<string, string> = { acute_trust: 'nhs', icb: 'nhs', unitary_authority: 'local_government', county_council: 'local_government', voluntary_sector: 'voluntary' };

function groups(members: Members): RespondentGroup[] {
  return Object.entries(members).flatMap(([organisationId, [organisationType, roles]]) =>
    Object.entries(roles).map(([respondentRole, respondents]) => ({ organisationId, organisationType, respondentRole, respondents })),
  );
}

/** The respondent scores (RHI) of every organisation, sector and the footprint, as scoring stores them. */
function respondentScores(members: Members): GateScoreCell[] {
  const n = (ids: string[]) => ids.reduce((sum, id) => sum + Object.values(members[id]![1]).reduce((a, b) => a + b, 0), 0);
  const cell = (scope: string, subject: string, respondents: number, extra: Partial<GateScoreCell> = {}): GateScoreCell => ({
    scope,
    subject,
    measure: 'rhi',
    respondents,
    organisationId: null,
    partnerOrganisationId: null,
    sector: null,
    partnerSector: null,
    ...extra,
  });
  const ids = Object.keys(members);
  const sectors = [...new Set(ids.map((id) => SECTOR[members[id]![0]]!))];
  return [
    cell('footprint', 'footprint', n(ids)),
    ...ids.map((id) => cell('organisation', id, n([id]), { organisationId: id, sector: SECTOR[members[id]![0]]! })),
    ...sectors.map((s) => cell('sector', s, n(ids.filter((id) => SECTOR[members[id]![0]] === s)), { sector: s })),
  ];
}

/** One respondent question's distributions by every breakdown. */
function distributions(members: Members, question = 'q'): GateDistributionCell[] {
  const all = groups(members);
  const sum = (filter: (g: RespondentGroup) => boolean) => all.filter(filter).reduce((s, g) => s + g.respondents, 0);
  const cells: GateDistributionCell[] = [{ questionKey: question, breakdown: 'all', groupKey: 'all', respondents: sum(() => true), partner: false }];
  for (const s of new Set(all.map((g) => SECTOR[g.organisationType]!))) cells.push({ questionKey: question, breakdown: 'sector', groupKey: s, respondents: sum((g) => SECTOR[g.organisationType] === s), partner: false });
  for (const t of new Set(all.map((g) => g.organisationType))) cells.push({ questionKey: question, breakdown: 'organisation_type', groupKey: t, respondents: sum((g) => g.organisationType === t), partner: false });
  for (const r of new Set(all.map((g) => g.respondentRole))) cells.push({ questionKey: question, breakdown: 'respondent_role', groupKey: r, respondents: sum((g) => g.respondentRole === r), partner: false });
  return cells.filter((c) => c.respondents > 0);
}

const dyad = (rater: string, rated: string, respondents: number, sectors: [string, string] = ['nhs', 'nhs']): GateScoreCell => ({
  scope: 'dyad',
  subject: `${rater}>${rated}`,
  measure: 'partner_rating',
  respondents,
  organisationId: rater,
  partnerOrganisationId: rated,
  sector: sectors[0],
  partnerSector: sectors[1],
});

const network = (measure: string, organisationId: string | null, respondents: number): GateScoreCell => ({
  scope: 'network',
  subject: organisationId ?? 'footprint',
  measure,
  respondents,
  organisationId,
  partnerOrganisationId: null,
  sector: null,
  partnerSector: null,
});

const score = (scope: string, subject: string) => scoreCellKey({ scope, subject, measure: 'rhi' });
const distribution = (breakdown: string, groupKey: string, questionKey = 'q') => distributionCellKey({ questionKey, breakdown, groupKey });

describe('decideRound: the attacks of issue 20', () => {
  it('withholds a second sector when one is below k, so all − the others gives nothing (scores and distributions alike)', () => {
    const members: Members = {
      a: ['acute_trust', { finance: 6 }],
      b: ['unitary_authority', { finance: 6 }],
      v: ['voluntary_sector', { finance: 2 }],
    };
    const withheld = decideRound({ scores: respondentScores(members), distributions: distributions(members), respondentGroups: groups(members) }, K);
    expect(withheld.has(score('sector', 'voluntary'))).toBe(true);
    expect(withheld.has(distribution('sector', 'voluntary'))).toBe(true);
    // One more sector goes in both tables: the same group, decided once.
    const sectors = ['nhs', 'local_government'].filter((s) => withheld.has(score('sector', s)));
    expect(sectors).toHaveLength(1);
    expect(withheld.has(distribution('sector', sectors[0]!))).toBe(true);
    expect(withheld.has(score('footprint', 'footprint'))).toBe(false);
  });

  it('withholds the other respondent role when only one role is below k', () => {
    const members: Members = { a: ['acute_trust', { finance: 8, other: 2 }], b: ['unitary_authority', { finance: 6 }] };
    const withheld = decideRound({ scores: respondentScores(members), distributions: distributions(members), respondentGroups: groups(members) }, K);
    expect(withheld.has(distribution('respondent_role', 'other'))).toBe(true);
    expect(withheld.has(distribution('respondent_role', 'finance'))).toBe(true);
  });

  it('sees a role hidden inside an organisation: organisation a minus role finance (only in a) isolates 1 respondent', () => {
    const members: Members = { a: ['acute_trust', { finance: 5, other: 1 }], b: ['unitary_authority', { other: 6 }] };
    const withheld = decideRound({ scores: respondentScores(members), distributions: distributions(members), respondentGroups: groups(members) }, K);
    // a (6) and finance (5, all in a) cannot both be shown: a − finance = a's one "other" respondent.
    const shown = [score('organisation', 'a'), distribution('respondent_role', 'finance')].filter((key) => !withheld.has(key));
    expect(shown.length).toBeLessThan(2);
  });

  it('withholds trust received when one of its ties is withheld, and every network measure built on a withheld tie', () => {
    const cells = [dyad('a', 'x', 2), dyad('b', 'x', 6), dyad('x', 'a', 6), network('trust_received', 'x', 8), network('trust_given', 'x', 6), network('strong_tie_share', null, 14), network('density', null, 14)];
    const withheld = decideRound({ scores: cells, distributions: [], respondentGroups: [] }, K);
    expect(withheld.has(scoreCellKey(cells[0]!))).toBe(true);
    expect(withheld.has(scoreCellKey(cells[3]!))).toBe(true);
    expect(withheld.has(scoreCellKey(cells[4]!))).toBe(false);
    expect(withheld.has(scoreCellKey(cells[5]!))).toBe(true);
    expect(withheld.has(scoreCellKey(cells[6]!))).toBe(false);
  });

  it('withholds a sector pair whose dyads are shown but one below k, rather than a second dyad', () => {
    const cells = [dyad('a', 'x', 2), dyad('b', 'x', 6), dyad('c', 'x', 7), { ...dyad('a', 'x', 15), scope: 'sector_pair', subject: 'nhs>nhs', organisationId: null, partnerOrganisationId: null }];
    const withheld = decideRound({ scores: cells, distributions: [], respondentGroups: [] }, K);
    expect(withheld.has(scoreCellKey(cells[0]!))).toBe(true);
    // pair − b − c = a: the pair goes (leads read dyads), and the dyads of k or more stay.
    expect(withheld.has(scoreCellKey(cells[3]!))).toBe(true);
    expect([cells[1]!, cells[2]!].filter((c) => withheld.has(scoreCellKey(c)))).toHaveLength(0);
  });

  it('links an organisation type of one member to that member’s scores (a cross-table margin)', () => {
    // nhs = a + b + c; b is below k; c is the only icb: hiding c's score alone would not do, its type shows it.
    const members: Members = { a: ['acute_trust', { finance: 9 }], b: ['acute_trust', { finance: 2 }], c: ['icb', { finance: 6 }], d: ['unitary_authority', { finance: 7 }] };
    const withheld = decideRound({ scores: respondentScores(members), distributions: distributions(members), respondentGroups: groups(members) }, K);
    expect(withheld.has(score('organisation', 'b'))).toBe(true);
    const organisationC = withheld.has(score('organisation', 'c'));
    const typeIcb = withheld.has(distribution('organisation_type', 'icb'));
    if (organisationC || typeIcb) {
      // Either both c's figures go or b is protected another way (a is withheld too).
      expect(organisationC === typeIcb || withheld.has(score('organisation', 'a'))).toBe(true);
    }
  });

  it('withholds partner answers by respondent role always, and publishes only footprint-wide figures while provisional', () => {
    const members: Members = { a: ['acute_trust', { finance: 9 }], b: ['unitary_authority', { finance: 9 }] };
    const partner: GateDistributionCell = { questionKey: 'p', breakdown: 'respondent_role', groupKey: 'finance', respondents: 18, partner: true };
    const provisional = decideRound({ scores: respondentScores(members), distributions: [...distributions(members), partner], respondentGroups: groups(members), provisional: true }, K);
    expect(provisional.has(distributionCellKey(partner))).toBe(true);
    expect(provisional.has(score('footprint', 'footprint'))).toBe(false);
    expect(provisional.has(distribution('all', 'all'))).toBe(false);
    expect(provisional.has(score('organisation', 'a'))).toBe(true);
    expect(provisional.has(distribution('sector', 'nhs'))).toBe(true);
    const final = decideRound({ scores: respondentScores(members), distributions: distributions(members), respondentGroups: groups(members) }, K);
    expect(final.has(score('organisation', 'a'))).toBe(false);
  });
});

describe('withholdUnits', () => {
  it.each([
    ['a part below k, and its sibling so that the total minus it gives nothing', { a: 2, b: 9 }, ['x', 'y']],
    ['nothing when every part rests on k or more', { a: 5, b: 9 }, []],
    ['the total too when it is below k', { a: 1, b: 2 }, ['t', 'x', 'y']],
  ] as const)('withholds %s', (_name, sizes, expected) => {
    const problem = {
      units: [
        { key: 't', space: 's', kind: 'total', atoms: ['a', 'b'], respondents: Object.values(sizes).reduce((x, y) => x + y, 0) },
        { key: 'x', space: 's', kind: 'part', atoms: ['a'], respondents: sizes.a },
        { key: 'y', space: 's', kind: 'part', atoms: ['b'], respondents: sizes.b },
      ],
      atoms: Object.entries(sizes).map(([id, respondents]) => ({ space: 's', id, respondents, owner: id })),
      derived: [],
    };
    expect([...withholdUnits(problem, K)].sort()).toEqual(expected);
  });

  it('withholds more until no combination of totals solves a withheld cell (x+y, y+z, x+z published)', () => {
    const problem = {
      units: [
        { key: 'xy', space: 's', kind: 'a', atoms: ['x', 'y'], respondents: 8 },
        { key: 'yz', space: 's', kind: 'b', atoms: ['y', 'z'], respondents: 12 },
        { key: 'xz', space: 's', kind: 'c', atoms: ['x', 'z'], respondents: 8 },
        { key: 'x', space: 's', kind: 'd', atoms: ['x'], respondents: 2 },
      ],
      atoms: [
        { space: 's', id: 'x', respondents: 2, owner: 'x' },
        { space: 's', id: 'y', respondents: 6, owner: 'y' },
        { space: 's', id: 'z', respondents: 6, owner: 'z' },
      ],
      derived: [],
    };
    const hidden = withholdUnits(problem, K);
    expect(hidden.has('x')).toBe(true);
    // With all three totals shown, x = (xy + xz − yz) / 2.
    expect(['xy', 'yz', 'xz'].some((key) => hidden.has(key))).toBe(true);
  });
});

describe('decideRound: key drivers', () => {
  const members: Members = { a: ['acute_trust', { finance: 6 }], b: ['unitary_authority', { finance: 6 }] };
  const drivers: GateDriverCell[] = [
    { kind: 'dimension', key: 'trust', figure: 'correlation', respondents: 12 },
    { kind: 'dimension', key: 'trust', figure: 'weight', respondents: 4 },
    { kind: 'item', key: 'trust_openness', figure: 'correlation', respondents: 5 },
  ];
  const keys = drivers.map(driverCellKey);

  it.each([
    // The correlation rests on 12, the weight on the 4 who answered every dimension, the item on exactly k.
    ['a final round', false, members, [false, true, false]],
    // While a round is open only footprint totals are published.
    ['an open round', true, members, [true, true, true]],
    // Fewer than k respondents in the footprint: its answers are withheld, and every figure made of them.
    ['a footprint below k', false, { a: ['acute_trust', { finance: 4 }] } as Members, [true, true, true]],
  ])('%s', (_name, provisional, who, withheld) => {
    const cells = drivers.map((d) => ({ ...d, respondents: Math.min(d.respondents, groups(who).reduce((sum, g) => sum + g.respondents, 0)) }));
    const decided = decideRound({ scores: respondentScores(who), distributions: [], respondentGroups: groups(who), drivers: cells, provisional }, K);
    expect(keys.map((key) => decided.has(key))).toEqual(withheld);
  });
});
