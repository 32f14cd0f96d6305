import { type DyadScore, networkMeasures, organisationMeasures, perceptionGap, type RespondentWeightedDyadScore, sectorPairScores } from './network';

const dyad = (rater: string, rated: string, score: number): DyadScore => ({ rater, rated, score });

describe('networkMeasures', () => {
  it('measures a three-member network with one reciprocal pair', () => {
    // a⇄b (80 / 60), a→c 90; 6 possible dyads.
    const measures = networkMeasures(['a', 'b', 'c'], [dyad('a', 'b', 80), dyad('b', 'a', 60), dyad('a', 'c', 90)]);
    expect(measures).toEqual({
      members: 3,
      possibleDyads: 6,
      ratedDyads: 3,
      density: 0.5,
      strongTieShare: 2 / 3,
      reciprocity: 2 / 3,
      reciprocalPairs: 1,
      meanAsymmetry: 20,
    });
  });

  it.each([
    ['no members', [], []],
    ['one member', ['a'], []],
  ])('has no fractions with %s', (_label, members, dyads) => {
    const measures = networkMeasures(members, dyads);
    expect(measures).toMatchObject({ ratedDyads: 0, density: null, strongTieShare: null, reciprocity: null, meanAsymmetry: null });
  });

  it('counts a score of exactly 75 as a strong tie', () => {
    expect(networkMeasures(['a', 'b'], [dyad('a', 'b', 75)]).strongTieShare).toBe(1);
    expect(networkMeasures(['a', 'b'], [dyad('a', 'b', 74.9)]).strongTieShare).toBe(0);
  });

  it.each([
    ['a non-member', [dyad('a', 'z', 50)], /not a member/],
    ['a self-rating', [dyad('a', 'a', 50)], /cannot rate itself/],
    ['a repeated dyad', [dyad('a', 'b', 50), dyad('a', 'b', 60)], /appears twice/],
  ])('refuses %s', (_label, dyads, message) => {
    expect(() => networkMeasures(['a', 'b'], dyads)).toThrow(message);
  });
});

describe('organisationMeasures', () => {
  it('gives in- and out-degree and trust received and given, an unrated member included', () => {
    const measures = organisationMeasures(['a', 'b', 'c'], [dyad('a', 'b', 80), dyad('c', 'b', 40), dyad('b', 'a', 60)]);
    expect(measures).toEqual([
      { organisation: 'a', inDegree: 1, outDegree: 1, trustReceived: 60, trustGiven: 80 },
      { organisation: 'b', inDegree: 2, outDegree: 1, trustReceived: 60, trustGiven: 60 },
      { organisation: 'c', inDegree: 0, outDegree: 1, trustReceived: null, trustGiven: 40 },
    ]);
  });
});

describe('sectorPairScores and perceptionGap', () => {
  const sectors = new Map([
    ['council', 'local_government'],
    ['acute', 'nhs'],
    ['ccg', 'nhs'],
  ]);
  const weighted = (rater: string, rated: string, score: number, respondents: number): RespondentWeightedDyadScore => ({ rater, rated, score, respondents });

  it('weights each dyad by its respondents and keeps pairs within a sector', () => {
    const pairs = sectorPairScores(
      [weighted('council', 'acute', 40, 3), weighted('council', 'ccg', 80, 1), weighted('acute', 'council', 70, 2), weighted('acute', 'ccg', 90, 2)],
      sectors,
    );
    expect(pairs).toEqual([
      { from: 'local_government', to: 'nhs', score: 50, respondents: 4, dyads: 2 },
      { from: 'nhs', to: 'local_government', score: 70, respondents: 2, dyads: 1 },
      { from: 'nhs', to: 'nhs', score: 90, respondents: 2, dyads: 1 },
    ]);
    expect(perceptionGap(pairs, 'nhs', 'local_government')).toBe(20);
    expect(perceptionGap(pairs, 'local_government', 'nhs')).toBe(-20);
    expect(perceptionGap(pairs, 'nhs', 'voluntary')).toBeNull();
  });

  it.each([
    ['no respondents', [weighted('council', 'acute', 40, 0)], /at least one/],
    ['an organisation without a sector', [weighted('council', 'hospice', 40, 1)], /No sector/],
  ])('refuses %s', (_label, dyads, message) => {
    expect(() => sectorPairScores(dyads, sectors)).toThrow(message);
  });
});
