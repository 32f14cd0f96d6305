export const ORGANISATION_TYPES = [
  'county_council',
  'unitary_authority',
  'metropolitan_borough',
  'london_borough',
  'district_council',
  'ccg',
  'icb',
  'acute_trust',
  'community_trust',
  'mental_health_trust',
  'ambulance_trust',
  'gp_practice',
  'pcn',
  'voluntary_sector',
  'housing',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const SECTORS = ['nhs', 'local_government', 'voluntary', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

export const CODE_SYSTEMS = ['ods', 'ons'] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

const SECTOR_OF: Record<OrganisationType, Sector> = {
  county_council: 'local_government',
  unitary_authority: 'local_government',
  metropolitan_borough: 'local_government',
  london_borough: 'local_government',
  district_council: 'local_government',
  ccg: 'nhs',
  icb: 'nhs',
  acute_trust: 'nhs',
  community_trust: 'nhs',
  mental_health_trust: 'nhs',
  ambulance_trust: 'nhs',
  gp_practice: 'nhs',
  pcn: 'nhs',
  voluntary_sector: 'voluntary',
  housing: 'other',
  other: 'other',
};

/** The sector an organisation belongs to follows from its type alone; it is never stored. */
export function sectorOf(type: OrganisationType): Sector {
  return SECTOR_OF[type];
}

export function typesInSector(sector: Sector): OrganisationType[] {
  return ORGANISATION_TYPES.filter((type) => SECTOR_OF[type] === sector);
}
