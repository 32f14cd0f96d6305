import type { ScoreView } from '@pp/scoring';

/**
 * How a round's ties reach the board report. Up to the detail limit (BOARD_REPORT_DETAIL_MEMBERS)
 * each member's rating of each other member is drawn: the dyad heatmap and the network map of every
 * tie. Above it a page cannot show them one by one (a heatmap row would be thinner than its label),
 * and reading and drawing every dyad is what made a national round's report take a minute and
 * hundreds of MB: the report then shows the sector pairs' scores (a scope the gate decides like
 * any other) and only the weakest ties of concern, chosen page by page as the dyads are read.
 */
export function showsEveryTie(members: number, detailLimit: number): boolean {
  return members <= detailLimit;
}

/** How many of a large round's weakest ties of concern the report draws and lists: one page's table. */
export const WEAKEST_TIES = 30;

/** The ties of concern of a round too large to draw every tie, as the gate shows them. */
export interface WeakestTies {
  /** Dyads whose score the gate shows. */
  shown: number;
  /** Of those, the ones in the concern band. */
  concern: number;
  /** The weakest of them: lowest score first, equal scores in the pair's order. */
  weakest: ScoreView[];
}

export const NO_WEAK_TIES: WeakestTies = { shown: 0, concern: 0, weakest: [] };

const pair = (d: ScoreView) => `${d.organisationId}>${d.partnerOrganisationId}`;

/**
 * The `count` weakest ties of concern among `dyads` and those of `earlier` (the pages read before):
 * only a tie whose score the gate shows, in the band the gate's view gives it, is counted or ranked,
 * so the list tells nothing of a withheld one. The order is total, so page by page gives the same
 * list as the whole round at once while holding `count` dyads.
 */
export function weakestTies(dyads: readonly ScoreView[], count = WEAKEST_TIES, earlier: WeakestTies = NO_WEAK_TIES): WeakestTies {
  let { shown, concern } = earlier;
  const candidates = [...earlier.weakest];
  for (const dyad of dyads) {
    if (dyad.suppressed || dyad.mean === null || !dyad.organisationId || !dyad.partnerOrganisationId) continue;
    shown++;
    if (dyad.band !== 'concern') continue;
    concern++;
    candidates.push(dyad);
  }
  const weakest = candidates.sort((a, b) => a.mean! - b.mean! || (pair(a) < pair(b) ? -1 : pair(a) > pair(b) ? 1 : 0)).slice(0, count);
  return { shown, concern, weakest };
}

/** The sectors a sector-pair heatmap runs over, in `order`: the members' and any a shown or withheld pair names. */
export function sectorsOf(members: readonly { sector: string }[], sectorPairs: readonly ScoreView[], order: readonly string[]): string[] {
  const present = new Set(members.map((m) => m.sector));
  for (const p of sectorPairs) for (const sector of [p.sector, p.partnerSector]) if (sector) present.add(sector);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return [...present].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}
