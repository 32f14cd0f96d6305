import { checkOrganisation, checkOrganisationCode, normaliseCode, OrganisationFacts, typeImpliedByCode } from './organisation-codes';
import type { CodeSystem, OrganisationType } from './organisation-types';

describe('checkOrganisationCode accepts real codes', () => {
  it.each<[OrganisationType, string, CodeSystem]>([
    ['ccg', '27D', 'ods'],
    ['ccg', '99A', 'ods'],
    ['ccg', '01F', 'ods'],
    ['ccg', 'D2P2L', 'ods'],
    ['icb', 'QYG', 'ods'],
    ['icb', 'QT1', 'ods'],
    ['acute_trust', 'RBL', 'ods'],
    ['acute_trust', 'REM', 'ods'],
    ['acute_trust', '7A1', 'ods'],
    ['community_trust', 'RY7', 'ods'],
    ['mental_health_trust', 'RW4', 'ods'],
    ['ambulance_trust', 'RX7', 'ods'],
    ['acute_trust', 'TAD', 'ods'],
    ['gp_practice', 'N81001', 'ods'],
    ['pcn', 'U12345', 'ods'],
    ['unitary_authority', 'E06000049', 'ons'],
    ['unitary_authority', 'W06000001', 'ons'],
    ['unitary_authority', 'S12000033', 'ons'],
    ['metropolitan_borough', 'E08000012', 'ons'],
    ['london_borough', 'E09000001', 'ons'],
    ['district_council', 'E07000026', 'ons'],
    ['county_council', 'E10000006', 'ons'],
    ['voluntary_sector', 'NL3', 'ods'],
    ['housing', 'E06000049', 'ons'],
    ['other', 'X26', 'ods'],
  ])('%s %s (%s)', (type, code, system) => {
    expect(checkOrganisationCode(type, code)).toEqual({ codeSystem: system });
    expect(checkOrganisationCode(type, code, system)).toEqual({ codeSystem: system });
  });
});

describe('checkOrganisationCode refuses', () => {
  it.each<[OrganisationType, string, CodeSystem | undefined, 'code' | 'codeSystem', string]>([
    ['ccg', 'QYG', undefined, 'code', 'ODS CCG code'],
    ['icb', '27D', undefined, 'code', 'ODS ICB code'],
    ['acute_trust', 'E06000049', undefined, 'code', 'ODS trust code'],
    ['acute_trust', 'RBLX', undefined, 'code', 'ODS trust code'],
    ['gp_practice', 'N8100', undefined, 'code', 'GP practice'],
    ['unitary_authority', 'E08000012', undefined, 'code', 'E06, W06, S12 or N09'],
    ['metropolitan_borough', 'E0800001', undefined, 'code', 'E08 and six digits'],
    ['county_council', 'RBL', undefined, 'code', 'ONS county code'],
    ['acute_trust', 'RBL', 'ons', 'codeSystem', 'must be ods for type acute_trust'],
    ['london_borough', 'E09000001', 'ods', 'codeSystem', 'must be ons for type london_borough'],
    ['other', 'E0600004', 'ons', 'code', 'ONS code'],
    ['other', 'AB', undefined, 'code', 'an ODS code (3 to 8 letters and digits) or an ONS code'],
  ])('%s %s (%s): %s', (type, code, system, field, problem) => {
    const check = checkOrganisationCode(type, code, system);
    expect(check).toMatchObject({ field });
    expect('problem' in check && check.problem).toContain(problem);
  });
});

describe('normaliseCode', () => {
  it.each([
    [' rbl ', 'RBL'],
    ['e06000049', 'E06000049'],
  ])('%j → %s', (code, expected) => {
    expect(normaliseCode(code)).toBe(expected);
  });
});

describe('typeImpliedByCode', () => {
  it.each<[string, OrganisationType | undefined]>([
    ['QYG', 'icb'],
    ['27D', 'ccg'],
    ['D2P2L', 'ccg'],
    ['U12345', 'pcn'],
    ['N81001', 'gp_practice'],
    ['E06000049', 'unitary_authority'],
    ['E08000015', 'metropolitan_borough'],
    ['E09000033', 'london_borough'],
    ['E07000026', 'district_council'],
    ['E10000006', 'county_council'],
    ['RBL', undefined],
    ['7A1', undefined],
    ['??', undefined],
  ])('%s → %s', (code, type) => {
    expect(typeImpliedByCode(code)).toBe(type);
  });
});

describe('checkOrganisation', () => {
  it('returns the code system of a good organisation', () => {
    expect(checkOrganisation({ type: 'ccg', code: '27D', openedOn: '2020-04-01', closedOn: '2022-06-30' })).toEqual({
      codeSystem: 'ods',
      problems: [],
    });
  });

  it.each<[OrganisationFacts, string[]]>([
    [{ type: 'ccg', code: '27D', openedOn: '2022-06-30', closedOn: '2020-04-01' }, ['closedOn']],
    [{ type: 'icb', code: 'E06000049', codeSystem: 'ons' }, ['codeSystem']],
    [{ type: 'london_borough', code: 'RBL', closedOn: '2022-06-30' }, ['code']],
    [{ type: 'acute_trust', code: 'X', openedOn: '2022-07-01', closedOn: '2022-06-30' }, ['code', 'closedOn']],
  ])('%j names %j', (facts, fields) => {
    expect(checkOrganisation(facts).problems.map((p) => p.field)).toEqual(fields);
  });
});
