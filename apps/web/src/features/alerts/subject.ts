import type { Schemas } from '../../api/client';

export type Alert = Schemas['AlertDto'];

/** The score series an alert is about, over the latest rounds: what its small trend chart shows. */
/** The BI filters of exactly that series' subject, for its CSV: one organisation, one dyad or one sector pair. */
export function subjectFilters(series: { scope: string; organisationId?: string; subject: string }): Record<string, string> {
  if (series.scope === 'organisation' && series.organisationId) return { organisation: series.organisationId };
  if (series.scope === 'dyad') {
    const [rater = '', rated = ''] = series.subject.split('>');
    return { rater, rated };
  }
  if (series.scope === 'sector_pair') return { sectorPair: series.subject };
  return {};
}

export function subjectSeries(alert: Alert): { scope: Schemas['ScoreScope']; measure: string; organisationId?: string; subject: string } | null {
  const [kind, rest = ''] = alert.subject.split(/:(.*)/s);
  if (kind === 'footprint') return { scope: 'footprint', measure: 'rhi', subject: 'footprint' };
  if (kind === 'dimension') return { scope: 'dimension', measure: rest, subject: 'footprint' };
  if (kind === 'dyad') return { scope: 'dyad', measure: 'partner_rating', organisationId: rest.split('>')[0], subject: rest };
  if (kind === 'sector_pair') return { scope: 'sector_pair', measure: 'partner_rating', subject: rest };
  if (kind === 'organisation' && alert.kind !== 'response_rate') return { scope: 'organisation', measure: 'rhi', organisationId: rest, subject: rest };
  return null;
}
