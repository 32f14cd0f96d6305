import { checkFootprint, FootprintKind, Nation, nationOfFootprintCode } from './footprint-codes';

describe('nationOfFootprintCode', () => {
  it.each<[string, Nation | undefined]>([
    ['E54000008', 'england'],
    ['QYG', 'england'],
    ['QWE', 'england'],
    ['S37000032', 'scotland'],
    ['W11000028', 'wales'],
    ['N09000003', 'northern_ireland'],
    ['E5400008', undefined],
    ['E06000049', undefined],
    ['RBL', undefined],
    ['qyg', undefined],
  ])('%s → %s', (code, nation) => {
    expect(nationOfFootprintCode(code)).toBe(nation);
  });
});

describe('checkFootprint', () => {
  it.each<[string, FootprintKind, Nation]>([
    ['E54000008', 'STP', 'england'],
    ['QYG', 'ICS', 'england'],
    ['S37000032', 'HSCP', 'scotland'],
    ['W11000028', 'RPB', 'wales'],
    ['N09000003', 'HSCP', 'northern_ireland'],
  ])('accepts %s %s %s', (code, kind, nation) => {
    expect(checkFootprint({ code, kind, nation })).toEqual([]);
  });

  it.each<[string, FootprintKind, Nation, string[]]>([
    ['E06000049', 'ICS', 'england', ['code']],
    ['E54000008', 'ICS', 'scotland', ['code', 'kind']],
    ['S37000032', 'ICS', 'scotland', ['kind']],
    ['W11000028', 'HSCP', 'wales', ['kind']],
    ['QYG', 'RPB', 'wales', ['code']],
  ])('refuses %s %s %s naming %j', (code, kind, nation, fields) => {
    expect(checkFootprint({ code, kind, nation }).map((p) => p.field)).toEqual(fields);
  });
});
