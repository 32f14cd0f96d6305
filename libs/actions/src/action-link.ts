import { alertScoreKey } from '@pp/alerts';
import { PARTNER_RATING, WHOLE_FOOTPRINT } from '@pp/scoring';
import type { LinkKind } from './action-status';

/** What an action is about: one of the four kinds, with the fields that kind needs. */
export interface ActionLink {
  linkKind: LinkKind;
  alertId: string | null;
  raterOrganisationId: string | null;
  ratedOrganisationId: string | null;
  raterSector: string | null;
  ratedSector: string | null;
  dimension: string | null;
}

/** The stored score (scope, subject, measure) the action's link follows round by round. */
export interface LinkedFigure {
  scope: string;
  subject: string;
  measure: string;
}

/**
 * The score an action's "did it work?" follows: a dyad's or sector pair's partner rating in that
 * direction, a dimension footprint-wide, or the figure an alert was raised on (its subject, as the
 * BI alerts export reads it). Null when there is none: an alert on a response rate.
 */
export function linkedFigure(link: ActionLink, alertSubject: string | null): LinkedFigure | null {
  switch (link.linkKind) {
    case 'dyad':
      return { scope: 'dyad', subject: `${link.raterOrganisationId}>${link.ratedOrganisationId}`, measure: PARTNER_RATING };
    case 'sector_pair':
      return { scope: 'sector_pair', subject: `${link.raterSector}>${link.ratedSector}`, measure: PARTNER_RATING };
    case 'dimension':
      return { scope: 'dimension', subject: WHOLE_FOOTPRINT, measure: link.dimension! };
    case 'alert': {
      const key = alertSubject === null ? null : alertScoreKey(alertSubject);
      if (key === null) return null;
      const [scope, subject, measure] = key.split('|') as [string, string, string];
      return { scope, subject, measure };
    }
  }
}



/** The figure an action was given when recorded (see ActionPlan.figureScope). */
export function storedFigure(action: { figureScope: string | null; figureSubject: string | null; figureMeasure: string | null }): LinkedFigure | null {
  return action.figureScope === null ? null : { scope: action.figureScope, subject: action.figureSubject!, measure: action.figureMeasure! };
}
