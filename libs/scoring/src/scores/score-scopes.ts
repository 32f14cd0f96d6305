/**
 * What a score row is about. Every scope but `network` scores answers on the 0–100 scale:
 * - footprint: the Relationship Health Index of the whole footprint (measure `rhi`);
 * - dimension: one dimension across the footprint (measure = the dimension's key);
 * - organisation, sector: the RHI (`rhi`) and each dimension of one member's or one sector's respondents;
 * - sector_pair, dyad: partner ratings from one sector or member to another (`partner_rating`);
 * - network: whole-footprint measures (fractions 0–1, or points for mean asymmetry) and, per member,
 *   trust received and given (0–100, n = in- and out-degree).
 */
export const SCOPES = ['footprint', 'dimension', 'organisation', 'sector', 'sector_pair', 'dyad', 'network'] as const;
export type Scope = (typeof SCOPES)[number];

export const RHI = 'rhi';
export const PARTNER_RATING = 'partner_rating';
export const NETWORK_MEASURES = ['density', 'strong_tie_share', 'reciprocity', 'mean_asymmetry'] as const;
export const MEMBER_NETWORK_MEASURES = ['trust_received', 'trust_given'] as const;

/** The subject of a footprint-wide score. */
export const WHOLE_FOOTPRINT = 'footprint';

export interface Subject {
  organisationId?: string | null;
  partnerOrganisationId?: string | null;
  sector?: string | null;
  partnerSector?: string | null;
}

/**
 * The subject's natural key, unique within (round, scope, measure) and stable across rounds, so a
 * score meets its predecessor by (footprint, scope, subject, measure): `footprint`, an organisation
 * id, a sector, or `from>to` for dyads and sector pairs.
 */
export function subjectKey(subject: Subject): string {
  const from = subject.organisationId ?? subject.sector ?? WHOLE_FOOTPRINT;
  const to = subject.partnerOrganisationId ?? subject.partnerSector;
  return to ? `${from}>${to}` : from;
}
