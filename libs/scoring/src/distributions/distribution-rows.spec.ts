import { distributionRows } from './distribution-rows';

describe('distributionRows', () => {
  const questions = [
    { key: 'agree', optionCount: 3, ordered: true, reversed: false },
    { key: 'barrier', optionCount: 2, ordered: false, reversed: false },
  ];
  const organisations = {
    sectorOf: new Map([
      ['council', 'local_government'],
      ['trust', 'nhs'],
      ['icb', 'nhs'],
    ]),
    typeOf: new Map([
      ['council', 'unitary_authority'],
      ['trust', 'acute_trust'],
      ['icb', 'icb'],
    ]),
  };
  // Per question: counts of each option, then of "don't know".
  const groups = [
    { organisationId: 'council', respondentRole: 'finance', counts: [[1, 0, 2, 1], [2, 2]], respondents: [4, 4] },
    { organisationId: 'trust', respondentRole: 'finance', counts: [[0, 1, 1, 0], [1, 1]], respondents: [2, 2] },
    { organisationId: 'icb', respondentRole: 'commissioning', counts: [[0, 0, 3, 0], [3, 0]], respondents: [3, 3] },
  ];
  const rows = distributionRows(questions, groups, organisations);
  const find = (key: string, breakdown: string, group: string) => rows.find((r) => r.questionKey === key && r.breakdown === breakdown && r.groupKey === group);

  it('adds the groups up into every breakdown', () => {
    expect(find('agree', 'all', 'all')).toEqual({
      questionKey: 'agree',
      breakdown: 'all',
      groupKey: 'all',
      respondents: 9,
      answered: 9,
      dontKnow: 1,
      counts: [1, 1, 6],
      favourableShare: 6 / 8,
      neutralShare: 1 / 8,
      unfavourableShare: 1 / 8,
    });
    expect(find('agree', 'sector', 'nhs')).toMatchObject({ respondents: 5, counts: [0, 1, 4], dontKnow: 0 });
    expect(find('agree', 'organisation_type', 'icb')).toMatchObject({ respondents: 3, counts: [0, 0, 3] });
    expect(find('agree', 'respondent_role', 'finance')).toMatchObject({ respondents: 6, counts: [1, 1, 3], dontKnow: 1 });
  });

  it('gives unordered questions no favourable side', () => {
    expect(find('barrier', 'all', 'all')).toMatchObject({ counts: [6, 3], favourableShare: null, neutralShare: null, unfavourableShare: null });
  });

  it('has one row per question × breakdown × group', () => {
    // Groups: all; 2 sectors; 3 types; 2 roles — for each of the two questions.
    expect(rows).toHaveLength(2 * (1 + 2 + 3 + 2));
  });
});
