import type { ScoreView } from '@pp/scoring';

/** A dyad's change since the footprint's previous scored round, as the gate lets it be shown. */
export interface TieChange {
  organisationId: string;
  partnerOrganisationId: string;
  mean: number;
  previousMean: number;
  delta: number;
}

export interface TieChanges {
  improved: TieChange[];
  deteriorated: TieChange[];
}

export const NO_TIE_CHANGES: TieChanges = { improved: [], deteriorated: [] };

/**
 * The `count` most improved and most deteriorated ties (dyads) of a round. Only ties whose score
 * and comparison the gate shows take part: a withheld delta is never ranked, since its place in the
 * list would tell something of it. Ties with no change are neither. Equal deltas are ordered by the
 * pair's ids, so the same figures always give the same lists.
 *
 * `earlier` is the lists of the round's pages read so far: the order is total, so ranking a page
 * with the lists of the pages before it gives the lists of all of them, and a reader paging through
 * a large round holds `count` ties per list rather than every dyad.
 */
export function tieChanges(dyads: readonly ScoreView[], count = 5, earlier: TieChanges = NO_TIE_CHANGES): TieChanges {
  const changes: TieChange[] = [...earlier.improved, ...earlier.deteriorated];
  for (const dyad of dyads) {
    const comparison = dyad.comparison;
    if (dyad.suppressed || dyad.mean === null || !dyad.organisationId || !dyad.partnerOrganisationId) continue;
    if (!comparison || comparison.suppressed || comparison.delta === null || comparison.previousMean === null) continue;
    changes.push({ organisationId: dyad.organisationId, partnerOrganisationId: dyad.partnerOrganisationId, mean: dyad.mean, previousMean: comparison.previousMean, delta: comparison.delta });
  }
  const pair = (c: TieChange) => `${c.organisationId}>${c.partnerOrganisationId}`;
  const byPair = (a: TieChange, b: TieChange) => (pair(a) < pair(b) ? -1 : pair(a) > pair(b) ? 1 : 0);
  return {
    improved: changes.filter((c) => c.delta > 0).sort((a, b) => b.delta - a.delta || byPair(a, b)).slice(0, count),
    deteriorated: changes.filter((c) => c.delta < 0).sort((a, b) => a.delta - b.delta || byPair(a, b)).slice(0, count),
  };
}
