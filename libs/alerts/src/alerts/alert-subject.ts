import { PARTNER_RATING, RHI, scoreCellKey as scoreKey, WHOLE_FOOTPRINT } from '@pp/scoring';

/**
 * The score an alert's subject reports on, by scoreCellKey(); null for subjects that are no score
 * (response rates). Shared by the BI alerts export (which withholds an alert with its score) and
 * action plans (whose "did it work?" follows an alert's figure).
 */
export function alertScoreKey(subject: string): string | null {
  const [kind, rest = ''] = subject.split(/:(.*)/s);
  if (kind === 'footprint') return scoreKey({ scope: 'footprint', subject: WHOLE_FOOTPRINT, measure: RHI });
  if (kind === 'dimension') return scoreKey({ scope: 'dimension', subject: WHOLE_FOOTPRINT, measure: rest });
  if (kind === 'dyad' || kind === 'sector_pair') return scoreKey({ scope: kind, subject: rest, measure: PARTNER_RATING });
  return null;
}
