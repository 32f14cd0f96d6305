import { decide } from '@pp/scoring';

/**
 * Complementary suppression, extending the one anonymity gate of @pp/scoring (decide(), whose rules
 * make the primary decision) to whole published tables: which cells of one round to withhold.
 *
 * A cell is an aggregate with the number of distinct respondents behind it. A margin says that a
 * published total is made of parts (the footprint of its sectors, a sector of its organisations,
 * trust received of the dyads rating a member…), so that total minus the published parts is the
 * sum of the withheld parts. Cells are withheld when:
 * 1. primary: what the gate's rules withhold (fewer than k respondents);
 * 2. tied: another cell of the same subject is withheld (its RHI and dimensions share respondents);
 * 3. complementary: in a margin, a lone withheld cell, or withheld parts adding up to fewer than k
 *    respondents, could be recovered by subtraction, so the smallest published member is withheld too;
 * 4. audit: after that, no withheld cell may still be determined by the margins taken together
 *    (solving them as linear equations); if one is, a further member of its margins is withheld.
 * Withholding only ever grows, so the loop ends; the result does not depend on any filter.
 */

export interface Margin {
  total: string;
  parts: readonly string[];
}

export interface SuppressionInput {
  /** Respondents behind each cell, by cell id. */
  respondents: ReadonlyMap<string, number>;
  margins: readonly Margin[];
  /** Cells that are withheld together or not at all. */
  ties?: readonly (readonly string[])[];
  k: number;
}

/** Withheld parts adding up to this many respondents would be given away by their margin. */
function tooFew(respondents: number, k: number): boolean {
  return respondents > 0 && respondents < k;
}

/** A margin over cells numbered by their place in the list of ids; a total of -1 is no published cell. */
export interface IndexedMargin {
  total: number;
  parts: readonly number[];
}

/** Cells as numbers, so the loops below run over arrays rather than maps of strings. */
interface Indexed {
  size: Float64Array;
  /** Each cell's place in id order: ties between equally small cells go to the first id. */
  rank: Int32Array;
  members: { total: number; parts: Int32Array }[];
  /** Each tie's cells (`all`, which decide whether it is withheld) and those with respondents (`live`, which it withholds). */
  ties: { all: Int32Array; live: Int32Array }[];
}

function indexed(ids: readonly string[], respondents: ArrayLike<number>, margins: readonly IndexedMargin[], ties: readonly (readonly number[])[]): Indexed {
  const size = Float64Array.from({ length: ids.length }, (_v, i) => respondents[i] ?? 0);
  const rank = new Int32Array(ids.length);
  Int32Array.from(ids.keys())
    .sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0))
    .forEach((i, r) => (rank[i] = r));
  // Only cells with respondents are published, so only they make up margins and are withheld by rules 2–4.
  const lives = (list: readonly number[]) => Int32Array.from(list.filter((i) => i >= 0 && size[i]! > 0));
  // A margin whose total is not published (absent or empty) gives away nothing.
  const members = margins.filter((margin) => margin.total >= 0 && size[margin.total]! > 0).map((margin) => ({ total: margin.total, parts: lives(margin.parts) }));
  return { size, rank, members, ties: ties.map((tie) => ({ all: Int32Array.from(tie.filter((i) => i >= 0)), live: lives(tie) })) };
}

export function suppressCells({ respondents, margins, ties = [], k }: SuppressionInput): Set<string> {
  const ids = [...respondents.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const at = (id: string) => index.get(id) ?? -1;
  const hidden = suppressIndexes(
    ids,
    ids.map((id) => respondents.get(id) ?? 0),
    margins.map((margin) => ({ total: at(margin.total), parts: margin.parts.map(at) })),
    ties.map((tie) => tie.map(at)),
    k,
  );
  return new Set(ids.filter((_id, i) => hidden[i] === 1));
}

/** suppressCells over cells numbered by their place in `ids`: 1 for each cell withheld. */
export function suppressIndexes(ids: readonly string[], respondents: ArrayLike<number>, margins: readonly IndexedMargin[], ties: readonly (readonly number[])[], k: number): Uint8Array {
  const cells = indexed(ids, respondents, margins, ties);
  const primary = decide(Array.from(cells.size, (n) => ({ respondents: n })), k);
  const hidden = Uint8Array.from(primary, (decision) => (decision.suppressed ? 1 : 0));
  withhold(cells, hidden, k);
  return hidden;
}

/** The loop of rules 2–4 over indexed cells, growing `hidden` in place. */
function withhold({ size, rank, members, ties }: Indexed, hidden: Uint8Array, k: number): void {
  /** The cheapest further cell to withhold in a margin: a part before the total, fewest respondents, then id. */
  const complement = (margin: { total: number; parts: Int32Array }): number => {
    let best = -1;
    for (const part of margin.parts) {
      if (hidden[part] === 1) continue;
      if (best < 0 || size[part]! < size[best]! || (size[part] === size[best] && rank[part]! < rank[best]!)) best = part;
    }
    if (best >= 0) return best;
    return hidden[margin.total] === 1 ? -1 : margin.total;
  };

  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const tie of ties) {
        if (!tie.all.some((i) => hidden[i] === 1)) continue;
        for (const i of tie.live) if (hidden[i] === 0) (hidden[i] = 1), (changed = true);
      }
      for (const margin of members) {
        let hiddenParts = 0;
        let hiddenRespondents = 0;
        for (const part of margin.parts) if (hidden[part] === 1) (hiddenParts += 1), (hiddenRespondents += size[part]!);
        const totalHidden = hidden[margin.total] === 1;
        const withheld = hiddenParts + (totalHidden ? 1 : 0);
        if (withheld === 0) continue;
        const exposed = withheld === 1 || (!totalHidden && tooFew(hiddenRespondents, k));
        if (!exposed) continue;
        const next = complement(margin);
        if (next >= 0) (hidden[next] = 1), (changed = true);
      }
    }
    const determined = determinedColumns(members, hidden);
    if (determined.length === 0) return;
    let grew = false;
    for (const cell of determined) {
      const margin = members.find((m) => m.total === cell || m.parts.includes(cell));
      const next = margin ? complement(margin) : -1;
      if (next >= 0) (hidden[next] = 1), (grew = true);
    }
    if (!grew) return;
  }
}

const EPSILON = 1e-9;

/**
 * Withheld cells whose value follows from the margins: each margin is an equation over its
 * withheld members (published members are known), and cell c is determined exactly when the unit
 * vector of c lies in the row space, i.e. a row of the reduced row echelon form is that unit vector.
 */
export function determinedCells(margins: readonly Margin[], hidden: ReadonlySet<string>): string[] {
  const ids = [...new Set(margins.flatMap((m) => [m.total, ...m.parts]))];
  const index = new Map(ids.map((id, i) => [id, i]));
  const members = margins.map((m) => ({ total: index.get(m.total)!, parts: Int32Array.from(m.parts, (id) => index.get(id)!) }));
  return determinedColumns(members, Uint8Array.from(ids, (id) => (hidden.has(id) ? 1 : 0))).map((i) => ids[i]!);
}

/** determinedCells over indexed cells, in the order their columns first appear in the equations. */
function determinedColumns(margins: readonly { total: number; parts: Int32Array }[], hidden: Uint8Array): number[] {
  const columns = new Map<number, number>();
  const column = (cell: number) => {
    let index = columns.get(cell);
    if (index === undefined) columns.set(cell, (index = columns.size));
    return index;
  };
  const equations: [number, number][][] = [];
  for (const m of margins) {
    const terms: [number, number][] = hidden[m.total] === 1 ? [[m.total, -1]] : [];
    for (const part of m.parts) if (hidden[part] === 1) terms.push([part, 1]);
    if (terms.length > 0) equations.push(terms);
  }
  for (const terms of equations) for (const [cell] of terms) column(cell);
  const width = columns.size;
  const rows = equations.map((terms) => {
    const row = new Float64Array(width);
    for (const [cell, coefficient] of terms) row[column(cell)] = coefficient;
    return row;
  });
  // Gauss–Jordan elimination to reduced row echelon form.
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let c = 0; c < width && pivotRow < rows.length; c++) {
    let best = -1;
    for (let r = pivotRow; r < rows.length; r++) if (Math.abs(rows[r]![c]!) > EPSILON && (best < 0 || Math.abs(rows[r]![c]!) > Math.abs(rows[best]![c]!))) best = r;
    if (best < 0) continue;
    [rows[pivotRow], rows[best]] = [rows[best]!, rows[pivotRow]!];
    const pivot = rows[pivotRow]!;
    const scale = pivot[c]!;
    for (let j = c; j < width; j++) pivot[j]! /= scale;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const factor = row[c]!;
      if (r === pivotRow || Math.abs(factor) <= EPSILON) continue;
      for (let j = c; j < width; j++) row[j]! -= factor * pivot[j]!;
    }
    pivots.push(c);
    pivotRow += 1;
  }
  const cells = [...columns.keys()];
  const determined: number[] = [];
  pivots.forEach((c, r) => {
    const row = rows[r]!;
    let alone = true;
    for (let j = 0; j < width && alone; j++) if (j !== c && Math.abs(row[j]!) > EPSILON) alone = false;
    if (alone) determined.push(cells[c]!);
  });
  return determined;
}
