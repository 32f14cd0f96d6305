/** Roles a user can be granted; each but platform_admin is granted for one footprint or organisation. */
export const ROLES = ['platform_admin', 'footprint_lead', 'analyst', 'org_submitter'] as const;
export type Role = (typeof ROLES)[number];

/** Which scope a role is granted for: the whole platform, one footprint, or one organisation. */
export const ROLE_SCOPE: Record<Role, 'platform' | 'footprint' | 'organisation'> = {
  platform_admin: 'platform',
  footprint_lead: 'footprint',
  analyst: 'footprint',
  org_submitter: 'organisation',
};

/** A role held within a scope. API keys hold the pseudo-role `api_key` for each footprint they read. */
export interface Grant {
  role: Role | 'api_key';
  footprintId?: string;
  organisationId?: string;
}

/** Who is making the request: a signed-in user or an API key, with everything they hold. */
export interface Actor {
  kind: 'user' | 'api_key';
  id: string;
  /** The user's email or the key's visible prefix: what the audit log shows. */
  label: string;
  grants: readonly Grant[];
}

/**
 * What the policy needs to know about the thing being touched. An organisation is reachable from
 * every footprint it is (or was) a member of, listed in `memberOf`. A resource with no scope at
 * all (`{}`) is one that does not exist: only platform-wide reach covers it.
 */
export interface Resource {
  footprintId?: string;
  organisationId?: string;
  memberOf?: readonly string[];
}
