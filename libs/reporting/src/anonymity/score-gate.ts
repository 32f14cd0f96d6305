import { MEMBER_NETWORK_MEASURES, PARTNER_RATING, RHI, WHOLE_FOOTPRINT } from '@pp/scoring';
import { type IndexedMargin, suppressIndexes } from './suppression';

/** One stored score as the gate sees it: what it is about and how many respondents are behind it. */
export interface ScoreCell {
  scope: string;
  subject: string;
  measure: string;
  respondents: number;
  /** Sector of the organisation or sector scored (of the rater, for dyads). */
  sector: string | null;
  /** Sector of the rated member or sector. */
  partnerSector: string | null;
  organisationId: string | null;
  partnerOrganisationId: string | null;
}

export const scoreKey = (cell: { scope: string; subject: string; measure: string }) => `${cell.scope}|${cell.subject}|${cell.measure}`;

const [TRUST_RECEIVED, TRUST_GIVEN] = MEMBER_NETWORK_MEASURES;

/** Indexes of cells by a key, in cell order. */
class Groups {
  readonly byKey = new Map<string, number[]>();

  add(key: string, index: number): void {
    const group = this.byKey.get(key);
    if (group) group.push(index);
    else this.byKey.set(key, [index]);
  }

  get(key: string): number[] {
    return this.byKey.get(key) ?? [];
  }
}

const isRespondentScope = (scope: string) => scope === 'organisation' || scope === 'sector' || scope === 'footprint' || scope === 'dimension';

/**
 * The margins one round's scores publish, over the cells' indexes: for the RHI and each dimension,
 * the footprint is the sum of its organisations and of its sectors, and a sector of its
 * organisations; for partner ratings, a sector pair is the sum of its dyads, and a member's trust
 * received (given) of the dyads rating it (it rates). A subject's RHI and dimensions share
 * respondents, so they are withheld together.
 */
export function scoreMargins(cells: readonly ScoreCell[]): { margins: IndexedMargin[]; ties: number[][] } {
  const measures = new Map<string, { total: number; organisations: number[]; sectors: number[] }>();
  const organisationsBySector = new Groups();
  const dyadsByPair = new Groups();
  const dyadsByRater = new Groups();
  const dyadsByRated = new Groups();
  const ties = new Groups();
  cells.forEach((c, i) => {
    if (isRespondentScope(c.scope)) {
      let measure = measures.get(c.measure);
      if (!measure) measures.set(c.measure, (measure = { total: -1, organisations: [], sectors: [] }));
      if (c.scope === 'organisation') {
        measure.organisations.push(i);
        organisationsBySector.add(`${c.measure}|${c.sector}`, i);
      } else if (c.scope === 'sector') measure.sectors.push(i);
      else if (c.scope === (c.measure === RHI ? 'footprint' : 'dimension') && c.subject === WHOLE_FOOTPRINT) measure.total = i;
      ties.add(c.scope === 'dimension' || c.scope === 'footprint' ? WHOLE_FOOTPRINT : `${c.scope}|${c.subject}`, i);
    } else if (c.scope === 'dyad' && c.measure === PARTNER_RATING) {
      dyadsByPair.add(`${c.sector}>${c.partnerSector}`, i);
      if (c.organisationId !== null) dyadsByRater.add(c.organisationId, i);
      if (c.partnerOrganisationId !== null) dyadsByRated.add(c.partnerOrganisationId, i);
    }
  });
  const margins: IndexedMargin[] = [];
  for (const [measure, { total, organisations, sectors }] of measures) {
    margins.push({ total, parts: organisations }, { total, parts: sectors });
    for (const sector of sectors) margins.push({ total: sector, parts: organisationsBySector.get(`${measure}|${cells[sector]!.subject}`) });
  }
  cells.forEach((c, i) => {
    if (c.scope === 'sector_pair' && c.measure === PARTNER_RATING) margins.push({ total: i, parts: dyadsByPair.get(`${c.sector}>${c.partnerSector}`) });
  });
  cells.forEach((c, i) => {
    if (c.scope !== 'network' || c.organisationId === null) return;
    if (c.measure === TRUST_RECEIVED) margins.push({ total: i, parts: dyadsByRated.get(c.organisationId) });
    else if (c.measure === TRUST_GIVEN) margins.push({ total: i, parts: dyadsByRater.get(c.organisationId) });
  });
  return { margins, ties: [...ties.byKey.values()] };
}

/** The keys (scoreKey) of one round's scores that must not be shown with threshold k. */
export function withheldScores(cells: readonly ScoreCell[], k: number): string[] {
  const keys = cells.map(scoreKey);
  const { margins, ties } = scoreMargins(cells);
  const hidden = suppressIndexes(keys, Float64Array.from(cells, (c) => c.respondents), margins, ties, k);
  return keys.filter((_key, i) => hidden[i] === 1);
}

/** The key of the score that a dyad's or sector pair's perception gap subtracts. */
export function reverseKey(cell: { scope: string; subject: string; measure: string }): string | null {
  if (cell.scope !== 'dyad' && cell.scope !== 'sector_pair') return null;
  const [from, to] = cell.subject.split('>');
  return scoreKey({ scope: cell.scope, subject: `${to}>${from}`, measure: cell.measure });
}
