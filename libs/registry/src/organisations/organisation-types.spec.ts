import { ORGANISATION_TYPES, OrganisationType, Sector, sectorOf, typesInSector } from './organisation-types';

describe('sectorOf', () => {
  it.each<[OrganisationType, Sector]>([
    ['county_council', 'local_government'],
    ['unitary_authority', 'local_government'],
    ['metropolitan_borough', 'local_government'],
    ['london_borough', 'local_government'],
    ['district_council', 'local_government'],
    ['ccg', 'nhs'],
    ['icb', 'nhs'],
    ['acute_trust', 'nhs'],
    ['community_trust', 'nhs'],
    ['mental_health_trust', 'nhs'],
    ['ambulance_trust', 'nhs'],
    ['gp_practice', 'nhs'],
    ['pcn', 'nhs'],
    ['voluntary_sector', 'voluntary'],
    ['housing', 'other'],
    ['other', 'other'],
  ])('%s is in sector %s', (type, sector) => {
    expect(sectorOf(type)).toBe(sector);
  });

  it('covers every type', () => {
    for (const type of ORGANISATION_TYPES) expect(sectorOf(type)).toBeDefined();
  });
});

describe('typesInSector', () => {
  it('lists the council types for local government', () => {
    expect(typesInSector('local_government')).toEqual([
      'county_council',
      'unitary_authority',
      'metropolitan_borough',
      'london_borough',
      'district_council',
    ]);
  });

  it('partitions the types', () => {
    const all = (['nhs', 'local_government', 'voluntary', 'other'] as const).flatMap(typesInSector);
    expect([...all].sort()).toEqual([...ORGANISATION_TYPES].sort());
  });
});
