import type { Schemas } from '../../api/client';

export type ActionLinkKind = Schemas['ActionLinkKind'];
export type Sector = NonNullable<Schemas['ActionDto']['raterSector']>;
const SECTORS: readonly Sector[] = ['nhs', 'local_government', 'voluntary', 'other'];

/** What an action is about: exactly the fields of its kind, as CreateActionDto takes them. */
export type ActionLink =
  | { linkKind: 'alert'; alertId: string }
  | { linkKind: 'dyad'; raterOrganisationId: string; ratedOrganisationId: string }
  | { linkKind: 'sector_pair'; raterSector: Sector; ratedSector: Sector }
  | { linkKind: 'dimension'; dimension: string };

/**
 * The query of "Record an action" links (`?alert=…`, `?rater=…&rated=…`, `?raterSector=…&ratedSector=…`,
 * `?dimension=…`): the alert, tie, sector pair and overview pages prefill the new action's link with it.
 */
export function linkQuery(link: ActionLink): string {
  const query: Record<string, string> =
    link.linkKind === 'alert'
      ? { alert: link.alertId }
      : link.linkKind === 'dyad'
        ? { rater: link.raterOrganisationId, rated: link.ratedOrganisationId }
        : link.linkKind === 'sector_pair'
          ? { raterSector: link.raterSector, ratedSector: link.ratedSector }
          : { dimension: link.dimension };
  return new URLSearchParams(query).toString();
}

/** The link a "Record an action" query prefills; null when it names none, or only part of one. */
export function linkFromQuery(search: URLSearchParams): ActionLink | null {
  const alert = search.get('alert');
  if (alert) return { linkKind: 'alert', alertId: alert };
  const rater = search.get('rater');
  const rated = search.get('rated');
  if (rater && rated) return { linkKind: 'dyad', raterOrganisationId: rater, ratedOrganisationId: rated };
  const raterSector = search.get('raterSector');
  const ratedSector = search.get('ratedSector');
  if (isSector(raterSector) && isSector(ratedSector)) return { linkKind: 'sector_pair', raterSector, ratedSector };
  const dimension = search.get('dimension');
  if (dimension) return { linkKind: 'dimension', dimension };
  return null;
}

function isSector(value: string | null): value is Sector {
  return (SECTORS as readonly (string | null)[]).includes(value);
}

/** The link of a stored action (exactly its kind's fields are set). */
export function linkOf(action: Pick<Schemas['ActionDto'], 'linkKind' | 'alertId' | 'raterOrganisationId' | 'ratedOrganisationId' | 'raterSector' | 'ratedSector' | 'dimension'>): ActionLink | null {
  switch (action.linkKind) {
    case 'alert':
      return action.alertId ? { linkKind: 'alert', alertId: action.alertId } : null;
    case 'dyad':
      return action.raterOrganisationId && action.ratedOrganisationId ? { linkKind: 'dyad', raterOrganisationId: action.raterOrganisationId, ratedOrganisationId: action.ratedOrganisationId } : null;
    case 'sector_pair':
      return action.raterSector && action.ratedSector ? { linkKind: 'sector_pair', raterSector: action.raterSector, ratedSector: action.ratedSector } : null;
    case 'dimension':
      return action.dimension ? { linkKind: 'dimension', dimension: action.dimension } : null;
  }
}

/** The page of what the action is about. */
export function linkPath(footprintId: string, link: ActionLink): string {
  switch (link.linkKind) {
    case 'alert':
      return `/alerts/${link.alertId}`;
    case 'dyad':
      return `/footprints/${footprintId}/ties/${link.raterOrganisationId}/${link.ratedOrganisationId}`;
    case 'sector_pair':
      return `/footprints/${footprintId}/sector-pairs`;
    case 'dimension':
      return `/footprints/${footprintId}`;
  }
}

/** A change between two rounds in words: "did it work?". */
export type OutcomeWords = 'improvedSignificantly' | 'worsenedSignificantly' | 'noSignificantChange' | 'withheld' | 'notScored';

export function outcomeWords(outcome: Schemas['ActionOutcomeDto']): OutcomeWords {
  // Withheld first: a figure the gate withholds must not be hinted at by any other wording.
  if (outcome.before.status === 'withheld' || outcome.after.status === 'withheld') return 'withheld';
  if (outcome.before.status === 'not_scored' || outcome.after.status === 'not_scored' || !outcome.change) return 'notScored';
  if (!outcome.change.significant) return 'noSignificantChange';
  return outcome.change.delta > 0 ? 'improvedSignificantly' : 'worsenedSignificantly';
}
