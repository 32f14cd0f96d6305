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

export function suppressCells({ respondents, margins, ties = [], k }: SuppressionInput): Set<string> {
  const size = (id: string) => respondents.get(id) ?? 0;
  const live = (id: string) => size(id) > 0;
  const ids = [...respondents.keys()];
  const primary = decide(ids.map((id) => ({ respondents: size(id) })), k);
  const hidden = new Set<string>(ids.filter((_id, i) => primary[i]!.suppressed));
  // A margin whose total is not published (absent or empty) gives away nothing.
  const members = margins.filter((margin) => live(margin.total)).map((margin) => ({ total: margin.total, parts: margin.parts.filter(live) }));

  /** The cheapest further cell to withhold in a margin: a part before the total, fewest respondents, then id. */
  const complement = (margin: { total: string; parts: string[] }): string | undefined => {
    const candidates = margin.parts.filter((id) => !hidden.has(id)).sort((a, b) => size(a) - size(b) || (a < b ? -1 : 1));
    return candidates[0] ?? (hidden.has(margin.total) ? undefined : margin.total);
  };

  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const tie of ties) {
        if (tie.some((id) => hidden.has(id))) {
          for (const id of tie) if (live(id) && !hidden.has(id)) (hidden.add(id), (changed = true));
        }
      }
      for (const margin of members) {
        const hiddenParts = margin.parts.filter((id) => hidden.has(id));
        const totalHidden = hidden.has(margin.total);
        const withheld = hiddenParts.length + (totalHidden ? 1 : 0);
        if (withheld === 0) continue;
        const hiddenRespondents = hiddenParts.reduce((sum, id) => sum + size(id), 0);
        const exposed = withheld === 1 || (!totalHidden && tooFew(hiddenRespondents, k));
        if (!exposed) continue;
        const next = complement(margin);
        if (next !== undefined) (hidden.add(next), (changed = true));
      }
    }
    const determined = determinedCells(members, hidden);
    if (determined.length === 0) return hidden;
    let grew = false;
    for (const id of determined) {
      const margin = members.find((m) => m.total === id || m.parts.includes(id));
      const next = margin && complement(margin);
      if (next !== undefined) (hidden.add(next), (grew = true));
    }
    if (!grew) return hidden;
  }
}

const EPSILON = 1e-9;

/**
 * Withheld cells whose value follows from the margins: each margin is an equation over its
 * withheld members (published members are known), and cell c is determined exactly when the unit
 * vector of c lies in the row space, i.e. a row of the reduced row echelon form is that unit vector.
 */
export function determinedCells(margins: readonly Margin[], hidden: ReadonlySet<string>): string[] {
  const columns = new Map<string, number>();
  const rows: Float64Array[] = [];
  const column = (id: string) => {
    let index = columns.get(id);
    if (index === undefined) columns.set(id, (index = columns.size));
    return index;
  };
  const equations = margins
    .map((m) => [...(hidden.has(m.total) ? [[m.total, -1] as const] : []), ...m.parts.filter((id) => hidden.has(id)).map((id) => [id, 1] as const)])
    .filter((terms) => terms.length > 0);
  for (const terms of equations) for (const [id] of terms) column(id);
  for (const terms of equations) {
    const row = new Float64Array(columns.size);
    for (const [id, coefficient] of terms) row[column(id)] = coefficient;
    rows.push(row);
  }
  // Gauss–Jordan elimination to reduced row echelon form.
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let c = 0; c < columns.size && pivotRow < rows.length; c++) {
    let best = -1;
    for (let r = pivotRow; r < rows.length; r++) if (Math.abs(rows[r][c]) > EPSILON && (best < 0 || Math.abs(rows[r][c]) > Math.abs(rows[best][c]))) best = r;
    if (best < 0) continue;
    [rows[pivotRow], rows[best]] = [rows[best], rows[pivotRow]];
    const pivot = rows[pivotRow];
    const scale = pivot[c];
    for (let j = c; j < columns.size; j++) pivot[j] /= scale;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const factor = row[c];
      if (r === pivotRow || Math.abs(factor) <= EPSILON) continue;
      for (let j = c; j < columns.size; j++) row[j] -= factor * pivot[j];
    }
    pivots.push(c);
    pivotRow += 1;
  }
  const ids = [...columns.keys()];
  const determined: string[] = [];
  pivots.forEach((c, r) => {
    const row = rows[r];
    let alone = true;
    for (let j = 0; j < columns.size && alone; j++) if (j !== c && Math.abs(row[j]) > EPSILON) alone = false;
    if (alone) determined.push(ids[c]!);
  });
  return determined;
}
