/** The fixed list of respondent roles (docs/domain.md); breakdowns by role rely on it never growing ad hoc. */
export const RESPONDENT_ROLES = ['chief_executive', 'finance', 'adult_social_care', 'public_health', 'clinical_gp', 'commissioning', 'other'] as const;
export type RespondentRole = (typeof RESPONDENT_ROLES)[number];

/** How a response arrived. */
export const RESPONSE_SOURCES = ['account', 'link', 'import'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];
