import { MEMBER_NETWORK_MEASURES, PARTNER_RATING, RHI, WHOLE_FOOTPRINT } from '@pp/scoring';
import { type Margin, suppressCells } from './suppression';

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

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The margins one round's scores publish: for the RHI and each dimension, the footprint is the sum
 * of its organisations and of its sectors, and a sector of its organisations; for partner ratings,
 * a sector pair is the sum of its dyads, and a member's trust received (given) of the dyads rating it
 * (it rates). A subject's RHI and dimensions share respondents, so they are withheld together.
 */
export function scoreMargins(cells: readonly ScoreCell[]): { margins: Margin[]; ties: string[][] } {
  const margins: Margin[] = [];
  const respondentScopes = cells.filter((c) => c.scope === 'organisation' || c.scope === 'sector' || c.scope === 'footprint' || c.scope === 'dimension');
  for (const [measure, group] of groupBy(respondentScopes, (c) => c.measure)) {
    const total = scoreKey({ scope: measure === RHI ? 'footprint' : 'dimension', subject: WHOLE_FOOTPRINT, measure });
    const organisations = group.filter((c) => c.scope === 'organisation');
    const sectors = group.filter((c) => c.scope === 'sector');
    margins.push({ total, parts: organisations.map(scoreKey) }, { total, parts: sectors.map(scoreKey) });
    for (const sector of sectors) margins.push({ total: scoreKey(sector), parts: organisations.filter((o) => o.sector === sector.subject).map(scoreKey) });
  }
  const dyads = cells.filter((c) => c.scope === 'dyad' && c.measure === PARTNER_RATING);
  for (const pair of cells.filter((c) => c.scope === 'sector_pair' && c.measure === PARTNER_RATING)) {
    margins.push({ total: scoreKey(pair), parts: dyads.filter((d) => d.sector === pair.sector && d.partnerSector === pair.partnerSector).map(scoreKey) });
  }
  for (const member of cells.filter((c) => c.scope === 'network' && c.organisationId !== null)) {
    const side = member.measure === TRUST_RECEIVED ? (d: ScoreCell) => d.partnerOrganisationId : member.measure === TRUST_GIVEN ? (d: ScoreCell) => d.organisationId : undefined;
    if (side) margins.push({ total: scoreKey(member), parts: dyads.filter((d) => side(d) === member.organisationId).map(scoreKey) });
  }
  const ties = [...groupBy(respondentScopes, (c) => (c.scope === 'dimension' || c.scope === 'footprint' ? WHOLE_FOOTPRINT : `${c.scope}|${c.subject}`)).values()].map((group) =>
    group.map(scoreKey),
  );
  return { margins, ties };
}

/** The keys (scoreKey) of one round's scores that must not be shown with threshold k. */
export function withheldScores(cells: readonly ScoreCell[], k: number): Set<string> {
  const { margins, ties } = scoreMargins(cells);
  return suppressCells({ respondents: new Map(cells.map((c) => [scoreKey(c), c.respondents])), margins, ties, k });
}

/** The key of the score that a dyad's or sector pair's perception gap subtracts. */
export function reverseKey(cell: { scope: string; subject: string; measure: string }): string | null {
  if (cell.scope !== 'dyad' && cell.scope !== 'sector_pair') return null;
  const [from, to] = cell.subject.split('>');
  return scoreKey({ scope: cell.scope, subject: `${to}>${from}`, measure: cell.measure });
}
