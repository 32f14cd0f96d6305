import { type Breakdown, EVERYONE } from '@pp/scoring';
import { type OrganisationType, sectorOf } from '@pp/registry';
import { type Margin, suppressCells } from './suppression';

/** One group's answers to one question in a round, as the gate sees it. */
export interface DistributionCell {
  questionKey: string;
  breakdown: Breakdown;
  groupKey: string;
  respondents: number;
}

export const distributionKey = (cell: { questionKey: string; breakdown: string; groupKey: string }) => `${cell.questionKey}|${cell.breakdown}|${cell.groupKey}`;

/**
 * The margins of one round's answer counts: for each question, everyone is the sum of the sectors,
 * of the organisation types and of the respondent roles, and a sector is the sum of its organisation
 * types. Option counts add up along the same margins, so a group's options are withheld together.
 */
export function distributionMargins(cells: readonly DistributionCell[]): Margin[] {
  const margins: Margin[] = [];
  const questions = new Set(cells.map((c) => c.questionKey));
  for (const questionKey of questions) {
    const of = (breakdown: Breakdown) => cells.filter((c) => c.questionKey === questionKey && c.breakdown === breakdown);
    const total = distributionKey({ questionKey, breakdown: 'all', groupKey: EVERYONE });
    const types = of('organisation_type');
    for (const breakdown of ['sector', 'organisation_type', 'respondent_role'] as const) margins.push({ total, parts: of(breakdown).map(distributionKey) });
    for (const sector of of('sector')) {
      margins.push({ total: distributionKey(sector), parts: types.filter((t) => sectorOf(t.groupKey as OrganisationType) === sector.groupKey).map(distributionKey) });
    }
  }
  return margins;
}

/** The keys (distributionKey) of one round's distributions that must not be shown with threshold k. */
export function withheldDistributions(cells: readonly DistributionCell[], k: number): Set<string> {
  return suppressCells({ respondents: new Map(cells.map((c) => [distributionKey(c), c.respondents])), margins: distributionMargins(cells), k });
}
