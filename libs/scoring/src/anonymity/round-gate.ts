import { type OrganisationType, sectorOf } from '@pp/registry';
import { MEMBER_NETWORK_MEASURES, NETWORK_MEASURES, PARTNER_RATING, WHOLE_FOOTPRINT } from '../scores/score-scopes';
import { Interner } from './interner';

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

/** A sparse vector: column → coefficient. Units touch few atoms, so rows stay small. */
type Sparse = Map<number, number>;

function axpy(v: Sparse, factor: number, row: Sparse): void {
  for (const [c, x] of row) {
    const next = (v.get(c) ?? 0) - factor * x;
    if (Math.abs(next) <= EPSILON) v.delete(c);
    else v.set(c, next);
  }
}

/**
 * The published units of one space, reduced (Gauss–Jordan): tells whether the sum over a set of
 * atoms follows from the published sums. Atoms published alone (a dyad) are known outright and
 * leave the system, which keeps it as small as the withheld part of the round. Atoms are numbers
 * (0 … atomCount − 1), so what is known of each is two typed arrays indexed by them.
 */
class Span {
  /** By atom: the published unit (its index) that is that atom alone, or −1. */
  private readonly known: Int32Array;
  /** By atom: its column, or −1 for an atom in no published unit (nothing can be known of it; −1 stands for all such). */
  private readonly column: Int32Array;
  /** Reduced rows by pivot column, each with the units (by index) it combines. */
  private readonly rows = new Map<number, { v: Sparse; combo: Sparse }>();

  /** `published`: the units' atoms; combinations name units by their index in it. */
  constructor(
    private readonly published: readonly (readonly number[])[],
    atomCount: number,
  ) {
    this.known = new Int32Array(atomCount).fill(-1);
    this.column = new Int32Array(atomCount).fill(-1);
    published.forEach((atoms, u) => {
      if (atoms.length === 1) this.known[atoms[0]!] = u;
    });
    let columns = 0;
    for (const atoms of published) for (const atom of atoms) if (this.known[atom]! < 0 && this.column[atom]! < 0) this.column[atom] = columns++;
    published.forEach((atoms, u) => {
      if (atoms.length < 2) return;
      this.add(this.reduce(this.vector(atoms), new Map([[u, 1]])));
    });
  }

  private vector(atoms: readonly number[]): Sparse {
    const v: Sparse = new Map();
    for (const atom of atoms) if (this.known[atom]! < 0) v.set(this.column[atom]!, 1);
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
  reduced(atoms: readonly number[]): Sparse {
    return this.reduce(this.vector(atoms), new Map()).v;
  }

  /**
   * The published units (by index) a solution for the sum over `atoms` uses, or null when it does
   * not follow from them: withholding one of them is what breaks that solution.
   */
  solution(atoms: readonly number[]): number[] | null {
    const { v, combo } = this.reduce(this.vector(atoms), new Map());
    if (v.size > 0) return null;
    const used = new Set<number>(combo.keys());
    // Atoms known outright (published alone) take part too, in the target and in the units it uses.
    const combined = [...used];
    const useKnown = (atom: number) => {
      const u = this.known[atom]!;
      if (u >= 0) used.add(u);
    };
    for (const atom of atoms) useKnown(atom);
    for (const u of combined) for (const atom of this.published[u]!) useKnown(atom);
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
const priority = (kind: string) => {
  const at = WITHHOLD_FIRST.indexOf(kind);
  return at < 0 ? WITHHOLD_FIRST.length : at;
};

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * A gate problem on numbers, which the elimination works on: units 0 … n − 1, numbered in the order
 * of their keys (unique), and atoms 0 … m − 1 of every space. A large round has tens of thousands of
 * units and atoms named by uuids; on numbers, what the elimination keeps of each is a few bytes in a
 * typed array rather than a string in every map that names it.
 */
interface NumberedProblem {
  /** By unit: its space (a number), breakdown, atoms (numbers) and the fewest respondents behind its figures. */
  unitSpace: Int32Array;
  unitKind: readonly string[];
  unitAtoms: readonly (readonly number[])[];
  unitRespondents: Float64Array;
  /** The atoms as listed (a repeat kept), each with its space and respondents. */
  listed: { atom: Int32Array; space: Int32Array; respondents: Float64Array };
  /** By atom: its respondents and owner (a number; −1 for an atom that is not listed, whose size is unknown). */
  atomSize: Float64Array;
  atomOwner: Int32Array;
  ownerCount: number;
}

/** Is `atom` in `sorted` (ascending)? */
function holds(sorted: Int32Array, atom: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = sorted[middle]!;
    if (found === atom) return true;
    if (found < atom) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** The units withheld (a flag by unit) for threshold k. */
function withholdNumbered(problem: NumberedProblem, k: number): Uint8Array {
  const { unitSpace, unitKind, unitAtoms, unitRespondents, atomSize, atomOwner } = problem;
  const atomCount = atomSize.length;
  const hidden = new Uint8Array(unitAtoms.length);
  const small = (n: number) => n > 0 && n < k;

  // Respondents of a set of atoms, at least: atoms of one owner may share respondents, so only the
  // largest counts. The owners met are summed in the order met, then their slots cleared for the next set.
  const largest = new Float64Array(problem.ownerCount);
  const met = new Uint8Array(problem.ownerCount);
  const owners: number[] = [];
  const respondentsOf = (atoms: readonly number[]) => {
    for (const atom of atoms) {
      const owner = atomOwner[atom]!;
      if (owner < 0) continue;
      if (!met[owner]) {
        met[owner] = 1;
        owners.push(owner);
      }
      largest[owner] = Math.max(largest[owner]!, atomSize[atom]!);
    }
    let sum = 0;
    for (const owner of owners) {
      sum += largest[owner]!;
      largest[owner] = 0;
      met[owner] = 0;
    }
    owners.length = 0;
    return sum;
  };

  for (let u = 0; u < unitAtoms.length; u++) if (unitRespondents[u]! < k || unitAtoms[u]!.length === 0) hidden[u] = 1;

  // The listed atoms by space (with their own respondents): spaces never mix.
  const listedBySpace = new Map<number, number[]>();
  problem.listed.space.forEach((space, i) => (listedBySpace.get(space) ?? listedBySpace.set(space, []).get(space)!).push(i));
  // By atom: the unit whose atoms were marked last (crossings are found by marking one unit's atoms and reading another's).
  const markedBy = new Int32Array(atomCount).fill(-1);

  for (const [space, listed] of listedBySpace) {
    const units: number[] = [];
    for (let u = 0; u < unitAtoms.length; u++) if (unitSpace[u] === space) units.push(u);
    const kinds = [...new Set(units.map((u) => unitKind[u]!))].sort();
    const byKind = new Map(kinds.map((kind) => [kind, units.filter((u) => unitKind[u] === kind)]));

    const fixed: (readonly number[])[] = [];
    for (const i of listed) if (small(problem.listed.respondents[i]!)) fixed.push([problem.listed.atom[i]!]);
    // Crossings of breakdowns that are not nested (a role within a sector, type or organisation): groups
    // no unit publishes. Only those of fewer than k are kept: a large round has thousands of crossings.
    for (const [i, a] of kinds.entries()) {
      for (const b of kinds.slice(i + 1)) {
        for (const x of byKind.get(a)!) {
          const inX = unitAtoms[x]!;
          if (inX.length < 2) continue;
          for (const atom of inX) markedBy[atom] = x;
          for (const y of byKind.get(b)!) {
            const inY = unitAtoms[y]!;
            if (inY.length < 2) continue;
            const both = inY.filter((atom) => markedBy[atom] === x);
            if (both.length > 0 && both.length < inX.length && both.length < inY.length && small(respondentsOf(both))) fixed.push(both);
          }
        }
      }
    }

    // The units holding each atom (adjacency, in unit order): offsets into one array rather than a list per atom.
    const holdersFrom = new Int32Array(atomCount + 1);
    for (const u of units) for (const atom of unitAtoms[u]!) holdersFrom[atom + 1]!++;
    for (let atom = 0; atom < atomCount; atom++) holdersFrom[atom + 1]! += holdersFrom[atom]!;
    const holders = new Int32Array(holdersFrom[atomCount]!);
    const next = holdersFrom.slice(0, atomCount);
    for (const u of units) for (const atom of unitAtoms[u]!) holders[next[atom]!++] = u;
    // Each unit's atoms in order, to test containment: made when first asked for, most units (a dyad) never are.
    const sortedAtoms = new Map<number, Int32Array>();
    const atomsInOrder = (u: number) => sortedAtoms.get(u) ?? sortedAtoms.set(u, Int32Array.from(unitAtoms[u]!).sort()).get(u)!;

    for (;;) {
      const published = units.filter((u) => !hidden[u]);
      const span = new Span(published.map((u) => unitAtoms[u]!), atomCount);
      const targets: (readonly number[])[] = [...fixed];
      const reducedOf = new Map<number, Sparse>();
      for (const u of units) if (hidden[u] && unitAtoms[u]!.length > 0) reducedOf.set(u, span.reduced(unitAtoms[u]!));
      const determined: (readonly number[])[] = [];
      for (const [u, reduced] of reducedOf) if (isZero(reduced)) determined.push(unitAtoms[u]!);
      // Withheld units of one breakdown that together rest on fewer than k: each pair, and all of them within a published unit.
      for (const list of byKind.values()) {
        const withheld = list.filter((u) => reducedOf.has(u));
        // A pair's sum follows exactly when one's unknown part is minus the other's: found by hashing, not by trying every pair.
        const seen = new Map<string, number[]>();
        for (const a of withheld) {
          const v = reducedOf.get(a)!;
          for (const b of seen.get(signature(v, -1)) ?? []) {
            const union = [...unitAtoms[a]!, ...unitAtoms[b]!];
            if (small(respondentsOf(union))) determined.push(union);
          }
          const own = signature(v, 1);
          (seen.get(own) ?? seen.set(own, []).get(own)!).push(a);
        }
        // All of them within each published unit: found from the units holding each one's first atom.
        const within = new Map<number, number[]>();
        for (const u of withheld) {
          const atoms = unitAtoms[u]!;
          for (let h = holdersFrom[atoms[0]!]!; h < holdersFrom[atoms[0]! + 1]!; h++) {
            const total = holders[h]!;
            if (unitKind[total] === unitKind[u] || hidden[total] || !atoms.every((atom) => holds(atomsInOrder(total), atom))) continue;
            const union = within.get(total) ?? within.set(total, []).get(total)!;
            for (const atom of atoms) union.push(atom);
          }
        }
        for (const union of within.values()) if (small(respondentsOf(union))) targets.push(union);
      }
      for (const target of targets) if (isZero(span.reduced(target))) determined.push(target);

      let withheldNow = 0;
      for (const target of determined) {
        const used = span.solution(target);
        // Already broken open by a unit withheld in this pass: tested again on the next.
        if (!used || used.some((i) => hidden[published[i]!])) continue;
        // A breakdown leads read least first; then a sibling before a total, as withholding a unit that
        // contains the target hides more than it protects; last, by key (units are numbered in key order).
        const contains = (u: number) => target.every((atom) => unitAtoms[u]!.includes(atom));
        const candidates = used.map((i) => published[i]!);
        candidates.sort(
          (a, b) =>
            priority(unitKind[a]!) - priority(unitKind[b]!) ||
            Number(contains(a)) - Number(contains(b)) ||
            unitRespondents[a]! - unitRespondents[b]! ||
            unitAtoms[a]!.length - unitAtoms[b]!.length ||
            a - b,
        );
        const first = candidates[0];
        if (first !== undefined) {
          hidden[first] = 1;
          withheldNow++;
        }
      }
      if (withheldNow === 0) break;
    }
  }
  return hidden;
}

/**
 * The units withheld (by key), and the derived figures withheld, for threshold k. The problem named
 * by strings (unit keys unique), as a test or a caller states one; decideRound builds its numbers directly.
 */
export function withholdUnits(problem: GateProblem, k: number): Set<string> {
  const units = [...problem.units].sort(byKey);
  const spaces = new Interner();
  // An atom is its space's and its id: the same id in two spaces is two atoms.
  const atoms = new Interner();
  const atomOf = (space: string, id: string) => atoms.id(`${spaces.id(space)}:${id}`);
  const unitAtoms = units.map((u) => u.atoms.map((id) => atomOf(u.space, id)));
  const listedAtoms = problem.atoms.map((a) => atomOf(a.space, a.id));
  const owners = new Interner();
  const atomSize = new Float64Array(atoms.size);
  const atomOwner = new Int32Array(atoms.size).fill(-1);
  problem.atoms.forEach((a, i) => {
    atomSize[listedAtoms[i]!] = a.respondents;
    atomOwner[listedAtoms[i]!] = owners.id(a.owner);
  });
  const hiddenUnits = withholdNumbered(
    {
      unitSpace: Int32Array.from(units, (u) => spaces.id(u.space)),
      unitKind: units.map((u) => u.kind),
      unitAtoms,
      unitRespondents: Float64Array.from(units, (u) => u.respondents),
      listed: {
        atom: Int32Array.from(listedAtoms),
        space: Int32Array.from(problem.atoms, (a) => spaces.id(a.space)),
        respondents: Float64Array.from(problem.atoms, (a) => a.respondents),
      },
      atomSize,
      atomOwner,
      ownerCount: owners.size,
    },
    k,
  );
  const hidden = new Set<string>();
  units.forEach((unit, u) => hiddenUnits[u] && hidden.add(unit.key));
  for (const figure of problem.derived) if (figure.respondents < k || figure.inputs.some((input) => hidden.has(input))) hidden.add(figure.key);
  return hidden;
}

const [TRUST_RECEIVED, TRUST_GIVEN] = MEMBER_NETWORK_MEASURES;
/** Whole-network measures built from the ties' scores; density and reciprocity count only which ties exist. */
const [, STRONG_TIE_SHARE, , MEAN_ASYMMETRY] = NETWORK_MEASURES;

/** The two spaces of a round's atoms (answers, partner ratings), by number. */
const SPACE_OF_ANSWERS = 0;
const SPACE_OF_TIES = 1;

const typeSector = (type: string) => sectorOf(type as OrganisationType) ?? 'other';

/** `a + b` against `c + d` as strings compare (by UTF-16 code unit), without making either string. */
function compareJoined(a: string, b: string, c: string, d: string): number {
  const left = a.length + b.length;
  const right = c.length + d.length;
  for (let i = 0; i < left && i < right; i++) {
    const x = i < a.length ? a.charCodeAt(i) : b.charCodeAt(i - a.length);
    const y = i < c.length ? c.charCodeAt(i) : d.charCodeAt(i - c.length);
    if (x !== y) return x - y;
  }
  return left - right;
}

/** A figure computed from units (a network measure, a key driver): withheld when it rests on fewer than k or any of its units is. */
interface DerivedCell {
  respondents: number;
  /** The ties (numbers) whose dyad units it is built from. */
  ties: readonly number[];
  /** Built from the footprint's answers (the unit 'answers|all'). */
  answers: boolean;
}

/** Where each cell of a round sits, by its index in the input: its unit, or a derived figure, or withheld whatever the counts. */
interface RoundPlacement {
  problem: NumberedProblem;
  /** By score and by distribution cell: its unit, or −1. */
  scoreUnit: Int32Array;
  distributionUnit: Int32Array;
  /** By score cell and by driver: its derived figure, or −1. */
  scoreDerived: Int32Array;
  driverDerived: Int32Array;
  derived: readonly DerivedCell[];
  /** Cells withheld whatever the counts: provisional, partner answers by role, a scope the gate does not know. */
  scoreAlways: Uint8Array;
  distributionAlways: Uint8Array;
  driverAlways: Uint8Array;
  /** By tie: its dyad's unit, or −1; and the unit 'answers|all', or −1. */
  dyadUnit: Int32Array;
  allAnswers: number;
}

/**
 * The gate's view of a round: every stored score and distribution placed in its unit over the
 * round's atoms, all of them numbered. Answers' atoms (an organisation's respondents in one role)
 * come first, then ties (a dyad's raters); no string is made per dyad.
 */
function roundGateProblem(input: RoundGateInput): RoundPlacement {
  const organisations = new Interner();
  const roles = new Interner();
  /** By organisation: its type as the respondent groups give it, or '?' and a stored sector for one scored with none. */
  const typeOf: (string | undefined)[] = [];
  // The answers' atoms, as listed (repeats kept), and by atom its organisation, role, respondents and owner.
  const answerAtoms = new Interner();
  const answerList: number[] = [];
  const answerRespondents: number[] = [];
  const atomOrganisation: number[] = [];
  const atomRole: number[] = [];
  const listAnswer = (organisationId: string, role: string, respondents: number) => {
    const atom = answerAtoms.id(`${organisationId}|${role}`);
    atomOrganisation[atom] = organisations.id(organisationId);
    atomRole[atom] = roles.id(role);
    answerList.push(atom);
    answerRespondents.push(respondents);
  };
  for (const g of input.respondentGroups) {
    typeOf[organisations.id(g.organisationId)] = g.organisationType;
    if (g.respondents > 0) listAnswer(g.organisationId, g.respondentRole, g.respondents);
  }
  // An organisation scored with no known respondent groups (scores written by an older run) is one atom of its own.
  const answering = new Set(answerList.map((atom) => atomOrganisation[atom]!));
  for (const cell of input.scores) {
    if (cell.scope !== 'organisation' || !cell.organisationId) continue;
    const organisation = organisations.id(cell.organisationId);
    if (answering.has(organisation)) continue;
    answering.add(organisation);
    listAnswer(cell.organisationId, '?', cell.respondents);
    if (cell.sector) typeOf[organisation] ??= `?${cell.sector}`;
  }
  const answerCount = answerAtoms.size;
  const sectorOfOrganisation = (organisation: number) => {
    const type = typeOf[organisation];
    if (type === undefined) return undefined;
    return type.startsWith('?') ? type.slice(1) : typeSector(type);
  };
  const answers = (filter: (atom: number) => boolean) => answerList.filter(filter);
  // A large round has thousands of organisations: their atoms are looked up by organisation rather
  // than filtered out of every atom for each of their cells.
  const answersOf: number[][] = [];
  for (const atom of answerList) (answersOf[atomOrganisation[atom]!] ??= []).push(atom);

  // Ties: the dyads' partner ratings, numbered after the answers' atoms. By dyad (its index in `dyads`): its tie and rater.
  const dyads: GateScoreCell[] = input.scores.filter((c) => c.scope === 'dyad' && c.measure === PARTNER_RATING && c.organisationId && c.partnerOrganisationId && c.respondents > 0);
  const ties = new Interner();
  const dyadTie = Int32Array.from(dyads, (d) => ties.id(d.subject));
  const dyadRater = Int32Array.from(dyads, (d) => organisations.id(d.organisationId!));
  const tiesGiven: number[][] = [];
  const tiesReceived: number[][] = [];
  dyads.forEach((d, i) => {
    (tiesGiven[dyadRater[i]!] ??= []).push(dyadTie[i]!);
    (tiesReceived[organisations.id(d.partnerOrganisationId!)] ??= []).push(dyadTie[i]!);
  });
  const everyTie = Array.from(dyadTie);
  const tiesWhere = (filter: (d: GateScoreCell, i: number) => boolean) => {
    const atoms: number[] = [];
    dyads.forEach((d, i) => filter(d, i) && atoms.push(answerCount + dyadTie[i]!));
    return atoms;
  };

  // Units as they are first met: a dyad's by its tie, every other by its key (head + tail is the key; a dyad's is never made).
  const unitHead: string[] = [];
  const unitTail: string[] = [];
  const unitSpace: number[] = [];
  const unitKind: string[] = [];
  const unitAtoms: (readonly number[])[] = [];
  const unitRespondents: number[] = [];
  const keyedUnits = new Map<string, number>();
  const dyadUnitOf: number[] = [];
  /** A cell's unit (−1: none, it has no respondents); its atoms are worked out once, when the unit is first met. */
  const place = (found: number | undefined, head: string, tail: string, space: number, kind: string, atoms: () => readonly number[], respondents: number) => {
    if (found !== undefined) {
      // The fewest respondents behind any of the unit's figures, kept as they come.
      unitRespondents[found] = Math.min(unitRespondents[found]!, respondents);
      return found;
    }
    unitHead.push(head);
    unitTail.push(tail);
    unitSpace.push(space);
    unitKind.push(kind);
    unitAtoms.push(atoms());
    unitRespondents.push(respondents);
    return unitHead.length - 1;
  };
  const keyed = (key: string, space: number, kind: string, atoms: () => readonly number[], respondents: number) => {
    if (respondents <= 0) return -1;
    const unit = place(keyedUnits.get(key), key, '', space, kind, atoms, respondents);
    keyedUnits.set(key, unit);
    return unit;
  };
  const dyad = (subject: string, respondents: number) => {
    if (respondents <= 0) return -1;
    const tie = ties.id(subject);
    const unit = place(dyadUnitOf[tie], 'ties|dyad:', subject, SPACE_OF_TIES, 'dyad', () => [answerCount + tie], respondents);
    dyadUnitOf[tie] = unit;
    return unit;
  };

  const scoreUnit = new Int32Array(input.scores.length).fill(-1);
  const scoreDerived = new Int32Array(input.scores.length).fill(-1);
  const scoreAlways = new Uint8Array(input.scores.length);
  const derived: DerivedCell[] = [];
  input.scores.forEach((cell, i) => {
    if (input.provisional && !(cell.subject === WHOLE_FOOTPRINT && (cell.scope === 'footprint' || cell.scope === 'dimension'))) {
      scoreAlways[i] = 1;
      return;
    }
    switch (cell.scope) {
      case 'footprint':
      case 'dimension':
        scoreUnit[i] = keyed('answers|all', SPACE_OF_ANSWERS, 'all', () => answers(() => true), cell.respondents);
        break;
      case 'organisation': {
        const organisation = organisations.get(cell.subject);
        scoreUnit[i] = keyed(`answers|organisation:${cell.subject}`, SPACE_OF_ANSWERS, 'organisation', () => (organisation === undefined ? undefined : answersOf[organisation]) ?? [], cell.respondents);
        break;
      }
      case 'sector':
        scoreUnit[i] = keyed(`answers|sector:${cell.subject}`, SPACE_OF_ANSWERS, 'sector', () => answers((a) => sectorOfOrganisation(atomOrganisation[a]!) === cell.subject), cell.respondents);
        break;
      case 'dyad':
        scoreUnit[i] = dyad(cell.subject, cell.respondents);
        break;
      case 'sector_pair':
        scoreUnit[i] = keyed(`ties|sector_pair:${cell.subject}`, SPACE_OF_TIES, 'sector_pair', () => tiesWhere((d) => d.sector === cell.sector && d.partnerSector === cell.partnerSector), cell.respondents);
        break;
      case 'network': {
        const organisation = cell.organisationId === null ? undefined : organisations.get(cell.organisationId);
        const built =
          cell.measure === TRUST_RECEIVED && organisation !== undefined
            ? (tiesReceived[organisation] ?? [])
            : cell.measure === TRUST_GIVEN && organisation !== undefined
              ? (tiesGiven[organisation] ?? [])
              : cell.measure === STRONG_TIE_SHARE || cell.measure === MEAN_ASYMMETRY
                ? everyTie
                : [];
        scoreDerived[i] = derived.push({ respondents: cell.respondents, ties: built, answers: false }) - 1;
        break;
      }
      default:
        scoreAlways[i] = 1;
    }
  });

  const distributionUnit = new Int32Array(input.distributions.length).fill(-1);
  const distributionAlways = new Uint8Array(input.distributions.length);
  input.distributions.forEach((cell, i) => {
    // Partner ratings are not broken down by respondent role: roles cross the dyads.
    if ((input.provisional && cell.breakdown !== 'all') || (cell.partner && cell.breakdown === 'respondent_role')) {
      distributionAlways[i] = 1;
      return;
    }
    if (cell.partner) {
      const inGroup = (d: GateScoreCell, dyadIndex: number) => {
        const rater = dyadRater[dyadIndex]!;
        if (cell.breakdown === 'sector') return sectorOfOrganisation(rater) === cell.groupKey || (typeOf[rater] === undefined && d.sector === cell.groupKey);
        if (cell.breakdown === 'organisation_type') return typeOf[rater] === cell.groupKey;
        return true;
      };
      distributionUnit[i] = keyed(`ties|${cell.breakdown}:${cell.groupKey}`, SPACE_OF_TIES, `raters_${cell.breakdown}`, () => tiesWhere(inGroup), cell.respondents);
      return;
    }
    const inGroup = (atom: number) => {
      if (cell.breakdown === 'sector') return sectorOfOrganisation(atomOrganisation[atom]!) === cell.groupKey;
      if (cell.breakdown === 'organisation_type') return typeOf[atomOrganisation[atom]!] === cell.groupKey;
      if (cell.breakdown === 'respondent_role') return atomRole[atom] === roles.get(cell.groupKey);
      return true;
    };
    const kind = cell.breakdown === 'all' ? 'all' : cell.breakdown;
    const unitKey = cell.breakdown === 'all' ? 'answers|all' : `answers|${cell.breakdown}:${cell.groupKey}`;
    distributionUnit[i] = keyed(unitKey, SPACE_OF_ANSWERS, kind, () => answers(inGroup), cell.respondents);
  });

  const drivers = input.drivers ?? [];
  const driverDerived = new Int32Array(drivers.length).fill(-1);
  const driverAlways = new Uint8Array(drivers.length);
  drivers.forEach((cell, i) => {
    if (input.provisional) driverAlways[i] = 1;
    else driverDerived[i] = derived.push({ respondents: cell.respondents, ties: [], answers: true }) - 1;
  });

  // Units numbered in the order of their keys, which decides the last tie when one more is withheld.
  const order = Array.from(unitHead.keys()).sort((a, b) => compareJoined(unitHead[a]!, unitTail[a]!, unitHead[b]!, unitTail[b]!));
  const renumbered = new Int32Array(order.length);
  order.forEach((unit, at) => (renumbered[unit] = at));
  const numbered = (unit: number | undefined) => (unit === undefined || unit < 0 ? -1 : renumbered[unit]!);
  for (const cells of [scoreUnit, distributionUnit]) cells.forEach((unit, i) => (cells[i] = numbered(unit)));

  const atomCount = answerCount + ties.size;
  const atomSize = new Float64Array(atomCount);
  const atomOwner = new Int32Array(atomCount).fill(-1);
  // Answers' atoms own themselves; a tie is owned by its rater, whose ratings of several partners share respondents.
  answerList.forEach((atom, i) => {
    atomSize[atom] = answerRespondents[i]!;
    atomOwner[atom] = atom;
  });
  dyads.forEach((d, i) => {
    atomSize[answerCount + dyadTie[i]!] = d.respondents;
    atomOwner[answerCount + dyadTie[i]!] = answerCount + dyadRater[i]!;
  });
  return {
    problem: {
      unitSpace: Int32Array.from(order, (u) => unitSpace[u]!),
      unitKind: order.map((u) => unitKind[u]!),
      unitAtoms: order.map((u) => unitAtoms[u]!),
      unitRespondents: Float64Array.from(order, (u) => unitRespondents[u]!),
      listed: {
        atom: Int32Array.from([...answerList, ...dyadTie.map((tie) => answerCount + tie)]),
        space: Int32Array.from({ length: answerList.length + dyads.length }, (_, i) => (i < answerList.length ? SPACE_OF_ANSWERS : SPACE_OF_TIES)),
        respondents: Float64Array.from([...answerRespondents, ...dyads.map((d) => d.respondents)]),
      },
      atomSize,
      atomOwner,
      ownerCount: answerCount + organisations.size,
    },
    scoreUnit,
    distributionUnit,
    scoreDerived,
    driverDerived,
    derived,
    scoreAlways,
    distributionAlways,
    driverAlways,
    dyadUnit: Int32Array.from({ length: ties.size }, (_, tie) => numbered(dyadUnitOf[tie])),
    allAnswers: numbered(keyedUnits.get('answers|all')),
  };
}

export const PROVISIONAL = 'provisional: while the round is open only footprint-wide figures are published';

/**
 * The one decision for a round: the keys (scoreCellKey, distributionCellKey, driverCellKey) of every
 * cell that is withheld at threshold k. Cells with no respondents are withheld too (they have no value).
 * Cells are unique by key, as stored.
 */
export function decideRound(input: RoundGateInput, k: number): Set<string> {
  const round = roundGateProblem(input);
  const hidden = withholdNumbered(round.problem, k);
  const unitWithheld = (unit: number) => unit < 0 || hidden[unit] === 1;
  const derivedWithheld = (figure: number) => {
    const { respondents, ties, answers } = round.derived[figure]!;
    return respondents < k || ties.some((tie) => round.dyadUnit[tie]! >= 0 && hidden[round.dyadUnit[tie]!] === 1) || (answers && round.allAnswers >= 0 && hidden[round.allAnswers] === 1);
  };
  const withheld = new Set<string>();
  input.scores.forEach((cell, i) => {
    const figure = round.scoreDerived[i]!;
    if (round.scoreAlways[i] || cell.respondents < k || (figure >= 0 ? derivedWithheld(figure) : unitWithheld(round.scoreUnit[i]!))) withheld.add(scoreCellKey(cell));
  });
  input.distributions.forEach((cell, i) => {
    if (round.distributionAlways[i] || cell.respondents < k || unitWithheld(round.distributionUnit[i]!)) withheld.add(distributionCellKey(cell));
  });
  (input.drivers ?? []).forEach((cell, i) => {
    if (round.driverAlways[i] || cell.respondents < k || derivedWithheld(round.driverDerived[i]!)) withheld.add(driverCellKey(cell));
  });
  return withheld;
}
