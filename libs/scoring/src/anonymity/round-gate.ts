import { type OrganisationType, sectorOf } from '@pp/registry';
import { MEMBER_NETWORK_MEASURES, NETWORK_MEASURES, PARTNER_RATING, WHOLE_FOOTPRINT } from '../scores/score-scopes';

/**
 * The one anonymity gate of a round (DESIGN.md, Anonymity): which of the figures published together
 * for a round are withheld. Pure; decided once per scoring run and threshold, stored, and applied by
 * every read path (round routes, history, summary, BI pages and exports).
 *
 * Every published figure is an aggregate over a group of respondents (its sum and its count), and
 * figures of the same group (a sector's RHI, its dimensions, its answer counts to every question)
 * stand or fall together as one unit. Groups are unions of atoms that an insider may know the size
 * of: for answers, the respondents of one organisation in one role; for partner ratings, the ratings
 * of one dyad (rater → rated). An attacker can add and subtract published figures: they know every
 * linear combination of the published units. A unit is withheld when
 * 1. primary: it rests on fewer than k respondents;
 * 2. complementary: a withheld unit, an atom of fewer than k respondents, a crossing of two
 *    breakdowns (a sector's respondents in one role) of fewer than k, or withheld units together
 *    fewer than k, lies in the span of the published units (Gaussian elimination over the atoms);
 *    then the smallest published unit touching it is withheld too, and the test is run again.
 * Network measures are no sums of answers: each is shown only when every tie it is built from is
 * shown and it rests on k raters or more, so it adds nothing an attacker did not have; key drivers
 * (correlations and relative weights of the footprint's answers) likewise need the footprint's
 * answers shown and k respondents behind each figure. Partner
 * answers by respondent role are always withheld: roles cross the dyads (a dyad minus the other
 * roles' ratings of it isolates one rater). While a round is open only footprint-wide figures are
 * published (provisional).
 */

/** A stored score as the gate sees it. Sectors are of the organisation scored (the rater) and of the rated one. */
export interface GateScoreCell {
  scope: string;
  subject: string;
  measure: string;
  respondents: number;
  organisationId: string | null;
  partnerOrganisationId: string | null;
  sector: string | null;
  partnerSector: string | null;
}

/** A stored distribution (one question, one group) as the gate sees it. */
export interface GateDistributionCell {
  questionKey: string;
  breakdown: string;
  groupKey: string;
  respondents: number;
  /** A partner-rating question: answered once per rated partner, counted by the rater's group. */
  partner: boolean;
}

/** Responses of one organisation in one respondent role: the atoms of the answers. */
export interface RespondentGroup {
  organisationId: string;
  organisationType: string;
  respondentRole: string;
  respondents: number;
}

/**
 * A key driver figure (a correlation, or a relative weight with its class), footprint-wide, over the
 * respondents who answered what it relates. Not a sum of answers: like a network measure it is shown
 * only when the footprint's answers are and it rests on k respondents or more.
 */
export interface GateDriverCell {
  kind: string;
  key: string;
  figure: DriverFigure;
  respondents: number;
}

/** The correlation (with its CI and the driver's mean) and the relative weight (with R² and the class) are judged apart: their samples differ. */
export type DriverFigure = 'correlation' | 'weight';

export interface RoundGateInput {
  scores: readonly GateScoreCell[];
  distributions: readonly GateDistributionCell[];
  respondentGroups: readonly RespondentGroup[];
  /** The round's key drivers (absent: none). */
  drivers?: readonly GateDriverCell[];
  /** An open round's provisional figures: only footprint-wide ones are published. */
  provisional?: boolean;
}

export const scoreCellKey = (cell: { scope: string; subject: string; measure: string }) => `${cell.scope}|${cell.subject}|${cell.measure}`;
export const distributionCellKey = (cell: { questionKey: string; breakdown: string; groupKey: string }) => `distribution|${cell.questionKey}|${cell.breakdown}|${cell.groupKey}`;
export const driverCellKey = (cell: { kind: string; key: string; figure: DriverFigure }) => `driver|${cell.kind}|${cell.key}|${cell.figure}`;

/** The score a dyad's or sector pair's perception gap subtracts: it is shown only when both are. */
export function reverseScoreKey(cell: { scope: string; subject: string; measure: string }): string | null {
  if (cell.scope !== 'dyad' && cell.scope !== 'sector_pair') return null;
  const [from, to] = cell.subject.split('>');
  return scoreCellKey({ scope: cell.scope, subject: `${to}>${from}`, measure: cell.measure });
}

/** A group of respondents published in one or more figures. */
export interface GateUnit {
  key: string;
  /** Units of one space share atoms; spaces never mix (answers vs partner ratings). */
  space: string;
  /** The breakdown it belongs to: units of one kind are disjoint. */
  kind: string;
  atoms: readonly string[];
  /** The fewest respondents behind any figure of the unit. */
  respondents: number;
}

/** A figure computed from units (network measures): shown only when they all are and it rests on k or more. */
export interface DerivedFigure {
  key: string;
  inputs: readonly string[];
  respondents: number;
}

/** Atoms of one space with their sizes (respondents; for ties, raters of the dyad, with the rating organisation). */
export interface GateAtom {
  space: string;
  id: string;
  respondents: number;
  /** Atoms of one owner may share respondents (a rater rates several partners): sizes are not added across them. */
  owner: string;
}

export interface GateProblem {
  units: readonly GateUnit[];
  atoms: readonly GateAtom[];
  derived: readonly DerivedFigure[];
}

const EPSILON = 1e-9;

/**
 * The published units of one space, reduced (Gauss–Jordan): tells whether the sum over a set of
 * atoms follows from the published sums. Atoms published alone (a dyad) are known outright and
 * leave the system, which keeps it as small as the withheld part of the round.
 */
/** A sparse vector: column → coefficient. Units touch few atoms, so rows stay small. */
type Sparse = Map<number, number>;

function axpy(v: Sparse, factor: number, row: Sparse): void {
  for (const [c, x] of row) {
    const next = (v.get(c) ?? 0) - factor * x;
    if (Math.abs(next) <= EPSILON) v.delete(c);
    else v.set(c, next);
  }
}

class Span {
  private readonly column = new Map<string, number>();
  private readonly known = new Map<string, number>();
  /** Reduced rows by pivot column, each with the units (by index) it combines. */
  private readonly rows = new Map<number, { v: Sparse; combo: Sparse }>();

  /** `published`: the units' atom sets; combinations name units by their index in it. */
  constructor(private readonly published: readonly (readonly string[])[]) {
    published.forEach((atoms, u) => atoms.length === 1 && this.known.set(atoms[0]!, u));
    for (const atoms of published) for (const atom of atoms) if (!this.known.has(atom) && !this.column.has(atom)) this.column.set(atom, this.column.size);
    published.forEach((atoms, u) => {
      if (atoms.length < 2) return;
      this.add(this.reduce(this.vector(atoms), new Map([[u, 1]])));
    });
  }

  private vector(atoms: readonly string[]): Sparse {
    const v: Sparse = new Map();
    // An atom in no published unit: nothing can be known of it (column -1 stands for all such).
    for (const atom of atoms) if (!this.known.has(atom)) v.set(this.column.get(atom) ?? -1, 1);
    return v;
  }

  /** Rows are kept fully reduced (a pivot appears in its own row only), so one pass over v's pivots is enough. */
  private reduce(v: Sparse, combo: Sparse): { v: Sparse; combo: Sparse } {
    for (const c of [...v.keys()]) {
      const row = this.rows.get(c);
      const factor = v.get(c);
      if (!row || factor === undefined) continue;
      axpy(v, factor, row.v);
      axpy(combo, factor, row.combo);
    }
    return { v, combo };
  }

  /** The part of the sum over `atoms` that the published units leave unknown: empty when it follows from them. */
  reduced(atoms: readonly string[]): Sparse {
    return this.reduce(this.vector(atoms), new Map()).v;
  }

  /**
   * The published units (by index) a solution for the sum over `atoms` uses, or null when it does
   * not follow from them: withholding one of them is what breaks that solution.
   */
  solution(atoms: readonly string[]): number[] | null {
    const { v, combo } = this.reduce(this.vector(atoms), new Map());
    if (v.size > 0) return null;
    const used = new Set<number>(combo.keys());
    // Atoms known outright (published alone) take part too, in the target and in the units it uses.
    for (const atom of [...atoms, ...[...used].flatMap((u) => this.published[u]!)]) {
      const u = this.known.get(atom);
      if (u !== undefined) used.add(u);
    }
    return [...used];
  }

  private add({ v, combo }: { v: Sparse; combo: Sparse }): void {
    let pivot: number | undefined;
    for (const [c, x] of v) if (c >= 0 && (pivot === undefined || Math.abs(x) > Math.abs(v.get(pivot)!))) pivot = c;
    if (pivot === undefined) return;
    const scale = v.get(pivot)!;
    for (const [c, x] of v) v.set(c, x / scale);
    for (const [u, x] of combo) combo.set(u, x / scale);
    for (const row of this.rows.values()) {
      const factor = row.v.get(pivot);
      if (factor === undefined) continue;
      axpy(row.v, factor, v);
      axpy(row.combo, factor, combo);
    }
    this.rows.set(pivot, { v, combo });
  }
}

const isZero = (v: Sparse) => v.size === 0;

/** A reduced vector (times `sign`) as text, to 6 decimals: equal vectors meet in a map. */
function signature(v: Sparse, sign: number): string {
  return [...v]
    .sort(([a], [b]) => a - b)
    .map(([c, x]) => `${c}:${Math.round(sign * x * 1e6)}`)
    .join(',');
}

/**
 * Which unit goes first when one more must be withheld: breakdowns leads read least (roles, partner
 * answers by the rater's group, organisation types) before organisations, dyads and sectors.
 */
const WITHHOLD_FIRST = ['respondent_role', 'raters_respondent_role', 'raters_organisation_type', 'raters_sector', 'raters_all', 'organisation_type', 'sector_pair'];
const priority = (unit: GateUnit) => {
  const at = WITHHOLD_FIRST.indexOf(unit.kind);
  return at < 0 ? WITHHOLD_FIRST.length : at;
};

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The units withheld (by key), and the derived figures withheld, for threshold k. */
export function withholdUnits(problem: GateProblem, k: number): Set<string> {
  const hidden = new Set<string>();
  const atomsBySpace = new Map<string, GateAtom[]>();
  // Pushed, not spread: a copy per atom is quadratic, hundreds of millions of copies for a round's tens of thousands of ties.
  for (const atom of problem.atoms) (atomsBySpace.get(atom.space) ?? atomsBySpace.set(atom.space, []).get(atom.space)!).push(atom);
  // By space, then id: a key joining the two was a new string for each of a large round's tens of thousands of atoms.
  const sizeOf = new Map<string, Map<string, GateAtom>>();
  for (const atom of problem.atoms) (sizeOf.get(atom.space) ?? sizeOf.set(atom.space, new Map()).get(atom.space)!).set(atom.id, atom);
  /** Respondents of a set of atoms, at least: atoms of one owner may share respondents, so only the largest counts. */
  const respondentsOf = (space: string, atoms: readonly string[]) => {
    const byOwner = new Map<string, number>();
    for (const id of atoms) {
      const atom = sizeOf.get(space)?.get(id);
      if (atom) byOwner.set(atom.owner, Math.max(byOwner.get(atom.owner) ?? 0, atom.respondents));
    }
    return [...byOwner.values()].reduce((sum, n) => sum + n, 0);
  };
  const small = (n: number) => n > 0 && n < k;

  for (const unit of problem.units) if (unit.respondents < k || unit.atoms.length === 0) hidden.add(unit.key);

  for (const [space, atoms] of atomsBySpace) {
    const units = problem.units.filter((u) => u.space === space).sort(byKey);
    const kinds = [...new Set(units.map((u) => u.kind))].sort();
    const byKind = new Map(kinds.map((kind) => [kind, units.filter((u) => u.kind === kind)]));
    // Crossings of breakdowns that are not nested (a role within a sector, type or organisation): groups no unit publishes.
    // Each unit's atoms as a set, made when first asked for: most units (a dyad) never are.
    const atomSets = new Map<string, ReadonlySet<string>>();
    const atomsOf = (u: GateUnit) => atomSets.get(u.key) ?? atomSets.set(u.key, new Set(u.atoms)).get(u.key)!;
    const crossings: string[][] = [];
    for (const [i, a] of kinds.entries()) {
      for (const b of kinds.slice(i + 1)) {
        for (const x of byKind.get(a)!) {
          if (x.atoms.length < 2) continue;
          const inX = atomsOf(x);
          for (const y of byKind.get(b)!) {
            if (y.atoms.length < 2) continue;
            const both = y.atoms.filter((atom) => inX.has(atom));
            if (both.length > 0 && both.length < x.atoms.length && both.length < y.atoms.length) crossings.push(both);
          }
        }
      }
    }
    const unitsWithAtom = new Map<string, GateUnit[]>();
    for (const u of units) for (const atom of u.atoms) (unitsWithAtom.get(atom) ?? unitsWithAtom.set(atom, []).get(atom)!).push(u);
    const fixed = [...atoms.filter((a) => small(a.respondents)).map((a) => [a.id]), ...crossings.filter((c) => small(respondentsOf(space, c)))];

    for (;;) {
      const published = units.filter((u) => !hidden.has(u.key));
      const span = new Span(published.map((u) => u.atoms));
      const targets: (readonly string[])[] = [...fixed];
      const reducedOf = new Map<string, Sparse>();
      for (const u of units) if (hidden.has(u.key) && u.atoms.length > 0) reducedOf.set(u.key, span.reduced(u.atoms));
      const determined: (readonly string[])[] = [];
      for (const u of units) if (reducedOf.has(u.key) && isZero(reducedOf.get(u.key)!)) determined.push(u.atoms);
      // Withheld units of one breakdown that together rest on fewer than k: each pair, and all of them within a published unit.
      for (const list of byKind.values()) {
        const withheld = list.filter((u) => reducedOf.has(u.key));
        // A pair's sum follows exactly when one's unknown part is minus the other's: found by hashing, not by trying every pair.
        const seen = new Map<string, GateUnit[]>();
        for (const a of withheld) {
          const v = reducedOf.get(a.key)!;
          for (const b of seen.get(signature(v, -1)) ?? []) {
            const union = [...a.atoms, ...b.atoms];
            if (small(respondentsOf(space, union))) determined.push(union);
          }
          const own = signature(v, 1);
          (seen.get(own) ?? seen.set(own, []).get(own)!).push(a);
        }
        // All of them within each published unit: found from the units holding each one's first atom.
        const within = new Map<string, string[]>();
        for (const u of withheld) {
          for (const total of unitsWithAtom.get(u.atoms[0]!) ?? []) {
            if (total.kind === u.kind || hidden.has(total.key) || !u.atoms.every((atom) => atomsOf(total).has(atom))) continue;
            const union = within.get(total.key) ?? within.set(total.key, []).get(total.key)!;
            for (const atom of u.atoms) union.push(atom);
          }
        }
        for (const union of within.values()) if (small(respondentsOf(space, union))) targets.push(union);
      }
      for (const target of targets) if (isZero(span.reduced(target))) determined.push(target);

      const withheldNow: GateUnit[] = [];
      for (const target of determined) {
        const used = span.solution(target);
        // Already broken open by a unit withheld in this pass: tested again on the next.
        if (!used || used.some((u) => hidden.has(published[u]!.key))) continue;
        // A breakdown leads read least first; then a sibling before a total, as withholding a unit that
        // contains the target hides more than it protects.
        const contains = (u: GateUnit) => target.every((atom) => u.atoms.includes(atom));
        const candidates = used.map((u) => published[u]!);
        candidates.sort((a, b) => priority(a) - priority(b) || Number(contains(a)) - Number(contains(b)) || a.respondents - b.respondents || a.atoms.length - b.atoms.length || byKey(a, b));
        const next = candidates[0];
        if (next) {
          hidden.add(next.key);
          withheldNow.push(next);
        }
      }
      if (withheldNow.length === 0) break;
    }
  }

  for (const figure of problem.derived) if (figure.respondents < k || figure.inputs.some((input) => hidden.has(input))) hidden.add(figure.key);
  return hidden;
}

const ANSWERS = 'answers';
const TIES = 'ties';
const [TRUST_RECEIVED, TRUST_GIVEN] = MEMBER_NETWORK_MEASURES;
/** Whole-network measures built from the ties' scores; density and reciprocity count only which ties exist. */
const [, STRONG_TIE_SHARE, , MEAN_ASYMMETRY] = NETWORK_MEASURES;

const typeSector = (type: string) => sectorOf(type as OrganisationType) ?? 'other';

/** Where each published cell sits: its unit, or a derived figure; cells withheld whatever the counts, with their reason. */
export interface RoundGateProblem extends GateProblem {
  unitOf: ReadonlyMap<string, string>;
  always: ReadonlyMap<string, string>;
}

/** The gate's view of a round: every stored score and distribution placed in its unit over the round's atoms. */
export function roundGateProblem(input: RoundGateInput): RoundGateProblem {
  const units = new Map<string, GateUnit>();
  const unitOf = new Map<string, string>();
  const always = new Map<string, string>();
  const derived: DerivedFigure[] = [];

  const typeOf = new Map<string, string>();
  const answerAtoms: GateAtom[] = [];
  for (const g of input.respondentGroups) {
    typeOf.set(g.organisationId, g.organisationType);
    if (g.respondents > 0) answerAtoms.push({ space: ANSWERS, id: `${g.organisationId}|${g.respondentRole}`, respondents: g.respondents, owner: `${g.organisationId}|${g.respondentRole}` });
  }
  // An organisation scored with no known respondent groups (scores written by an older run) is one atom of its own.
  const answering = new Set(answerAtoms.map((a) => a.id.split('|')[0]!));
  for (const cell of input.scores) {
    if (cell.scope === 'organisation' && cell.organisationId && !answering.has(cell.organisationId)) {
      answering.add(cell.organisationId);
      answerAtoms.push({ space: ANSWERS, id: `${cell.organisationId}|?`, respondents: cell.respondents, owner: `${cell.organisationId}|?` });
      if (cell.sector) typeOf.set(cell.organisationId, typeOf.get(cell.organisationId) ?? `?${cell.sector}`);
    }
  }
  // Atoms are read thousands of times each (every breakdown's filter): sliced rather than split, which allocates an array and every part.
  const organisationOf = (atom: string) => {
    const bar = atom.indexOf('|');
    return bar < 0 ? atom : atom.slice(0, bar);
  };
  const roleOf = (atom: string) => {
    const bar = atom.indexOf('|');
    const next = atom.indexOf('|', bar + 1);
    return atom.slice(bar + 1, next < 0 ? undefined : next);
  };
  const sectorOfOrganisation = (id: string) => {
    const type = typeOf.get(id);
    if (type === undefined) return undefined;
    return type.startsWith('?') ? type.slice(1) : typeSector(type);
  };
  const answers = (filter: (atom: string) => boolean) => answerAtoms.map((a) => a.id).filter(filter);
  // A large round has thousands of organisations and tens of thousands of dyads: their atoms are
  // looked up by organisation rather than filtered out of every atom for each of their cells.
  const answersOf = groupBy(
    answerAtoms.map((a) => a.id),
    organisationOf,
  );

  const dyads = input.scores.filter((c) => c.scope === 'dyad' && c.measure === PARTNER_RATING && c.organisationId && c.partnerOrganisationId && c.respondents > 0);
  const tieAtoms: GateAtom[] = dyads.map((d) => ({ space: TIES, id: d.subject, respondents: d.respondents, owner: d.organisationId! }));
  // A dyad's unit key is named by its cell, by trust received and given, and by the whole-network
  // measures: made once per dyad, not a new string each time (over 100,000 in a large round).
  const dyadUnits = new Map<string, string>();
  const dyadUnit = (subject: string) => dyadUnits.get(subject) ?? dyadUnits.set(subject, `ties|dyad:${subject}`).get(subject)!;
  const ties = (filter: (d: GateScoreCell) => boolean) => dyads.filter(filter).map((d) => d.subject);
  const tiesGiven = groupBy(dyads, (d) => d.organisationId!);
  const tiesReceived = groupBy(dyads, (d) => d.partnerOrganisationId!);
  let everyTie: string[] | undefined;
  const allTies = () => (everyTie ??= dyads.map((d) => dyadUnit(d.subject)));

  /** A cell's unit; its atoms are worked out once, when the unit is first met (a unit's figures share them). */
  const place = (cellKey: string, unit: Omit<GateUnit, 'respondents' | 'atoms'>, atoms: () => readonly string[], respondents: number) => {
    if (respondents <= 0) return;
    // The fewest respondents behind any of the unit's figures, kept as they come (no list per unit, no copy of it at the end).
    const placed = units.get(unit.key);
    if (placed) placed.respondents = Math.min(placed.respondents, respondents);
    else units.set(unit.key, { key: unit.key, space: unit.space, kind: unit.kind, atoms: atoms(), respondents });
    unitOf.set(cellKey, unit.key);
  };

  for (const cell of input.scores) {
    const key = scoreCellKey(cell);
    if (input.provisional && !(cell.subject === WHOLE_FOOTPRINT && (cell.scope === 'footprint' || cell.scope === 'dimension'))) {
      always.set(key, PROVISIONAL);
      continue;
    }
    switch (cell.scope) {
      case 'footprint':
      case 'dimension':
        place(key, { key: 'answers|all', space: ANSWERS, kind: 'all' }, () => answers(() => true), cell.respondents);
        break;
      case 'organisation':
        place(key, { key: `answers|organisation:${cell.subject}`, space: ANSWERS, kind: 'organisation' }, () => answersOf.get(cell.subject) ?? [], cell.respondents);
        break;
      case 'sector':
        place(key, { key: `answers|sector:${cell.subject}`, space: ANSWERS, kind: 'sector' }, () => answers((a) => sectorOfOrganisation(organisationOf(a)) === cell.subject), cell.respondents);
        break;
      case 'dyad':
        place(key, { key: dyadUnit(cell.subject), space: TIES, kind: 'dyad' }, () => [cell.subject], cell.respondents);
        break;
      case 'sector_pair':
        place(key, { key: `ties|sector_pair:${cell.subject}`, space: TIES, kind: 'sector_pair' }, () => ties((d) => d.sector === cell.sector && d.partnerSector === cell.partnerSector), cell.respondents);
        break;
      case 'network': {
        const organisation = cell.organisationId;
        const inputs =
          cell.measure === TRUST_RECEIVED && organisation
            ? (tiesReceived.get(organisation) ?? []).map((d) => dyadUnit(d.subject))
            : cell.measure === TRUST_GIVEN && organisation
              ? (tiesGiven.get(organisation) ?? []).map((d) => dyadUnit(d.subject))
              : cell.measure === STRONG_TIE_SHARE || cell.measure === MEAN_ASYMMETRY
                ? allTies()
                : [];
        derived.push({ key, inputs, respondents: cell.respondents });
        break;
      }
      default:
        always.set(key, 'not a figure the gate knows');
    }
  }

  for (const cell of input.distributions) {
    const key = distributionCellKey(cell);
    if (input.provisional && cell.breakdown !== 'all') {
      always.set(key, PROVISIONAL);
      continue;
    }
    if (cell.partner) {
      if (cell.breakdown === 'respondent_role') {
        always.set(key, 'partner ratings are not broken down by respondent role: roles cross the dyads');
        continue;
      }
      const inGroup = (d: GateScoreCell) => {
        const rater = d.organisationId!;
        if (cell.breakdown === 'sector') return sectorOfOrganisation(rater) === cell.groupKey || (typeOf.get(rater) === undefined && d.sector === cell.groupKey);
        if (cell.breakdown === 'organisation_type') return typeOf.get(rater) === cell.groupKey;
        return true;
      };
      place(key, { key: `ties|${cell.breakdown}:${cell.groupKey}`, space: TIES, kind: `raters_${cell.breakdown}` }, () => ties(inGroup), cell.respondents);
      continue;
    }
    const inGroup = (atom: string) => {
      if (cell.breakdown === 'sector') return sectorOfOrganisation(organisationOf(atom)) === cell.groupKey;
      if (cell.breakdown === 'organisation_type') return typeOf.get(organisationOf(atom)) === cell.groupKey;
      if (cell.breakdown === 'respondent_role') return roleOf(atom) === cell.groupKey;
      return true;
    };
    const kind = cell.breakdown === 'all' ? 'all' : cell.breakdown;
    const unitKey = cell.breakdown === 'all' ? 'answers|all' : `answers|${cell.breakdown}:${cell.groupKey}`;
    place(key, { key: unitKey, space: ANSWERS, kind }, () => answers(inGroup), cell.respondents);
  }

  for (const cell of input.drivers ?? []) {
    const key = driverCellKey(cell);
    if (input.provisional) always.set(key, PROVISIONAL);
    else derived.push({ key, inputs: ['answers|all'], respondents: cell.respondents });
  }

  return {
    units: [...units.values()],
    atoms: [...answerAtoms, ...tieAtoms],
    derived,
    unitOf,
    always,
  };
}

/** Items by a key of theirs, each list in the items' order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export const PROVISIONAL = 'provisional: while the round is open only footprint-wide figures are published';

/**
 * The one decision for a round: the keys (scoreCellKey, distributionCellKey) of every cell that is
 * withheld at threshold k. Cells with no respondents are withheld too (they have no value).
 */
export function decideRound(input: RoundGateInput, k: number): Set<string> {
  const problem = roundGateProblem(input);
  const hidden = withholdUnits(problem, k);
  const withheld = new Set<string>(problem.always.keys());
  const derived = new Set(problem.derived.map((d) => d.key));
  for (const cell of input.scores) {
    const key = scoreCellKey(cell);
    const unit = problem.unitOf.get(key);
    if (cell.respondents < k || hidden.has(key) || (unit !== undefined && hidden.has(unit)) || (unit === undefined && !derived.has(key))) withheld.add(key);
  }
  for (const cell of input.distributions) {
    const key = distributionCellKey(cell);
    const unit = problem.unitOf.get(key);
    if (cell.respondents < k || unit === undefined || hidden.has(unit)) withheld.add(key);
  }
  for (const cell of input.drivers ?? []) {
    const key = driverCellKey(cell);
    if (cell.respondents < k || hidden.has(key)) withheld.add(key);
  }
  return withheld;
}
