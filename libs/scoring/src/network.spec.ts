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

  it('counts a dyad whose exact mean is 75 as strong when its double sum falls a hair short', () => {
    // Eight ratings in thirds whose exact mean is 75 (the k sum to 72): computed as 74.99999999999999.
    const ratings = [8, 10, 5, 11, 10, 10, 10, 8].map((k) => (25 * k) / 3);
    const score = ratings.reduce((sum, r) => sum + r, 0) / ratings.length;
    expect(score).toBeLessThan(75);
    expect(networkMeasures(['a', 'b'], [dyad('a', 'b', score)]).strongTieShare).toBe(1);
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

describe('a five-member footprint, computed by hand', () => {
  // a⇄b 80/60, a⇄c 90/50, b→c 40, d→a 75; e rates and is rated by nobody.
  const members = ['a', 'b', 'c', 'd', 'e'];
  const dyads = [
    dyad('a', 'b', 80),
    dyad('b', 'a', 60),
    dyad('a', 'c', 90),
    dyad('c', 'a', 50),
    dyad('b', 'c', 40),
    dyad('d', 'a', 75),
  ];

  it('has network measures', () => {
    expect(networkMeasures(members, dyads)).toEqual({
      members: 5,
      possibleDyads: 20, // 5·4
      ratedDyads: 6,
      density: 0.3, // 6/20
      strongTieShare: 0.5, // 80, 90, 75 of 6
      reciprocity: 4 / 6, // a→b, b→a, a→c, c→a
      reciprocalPairs: 2,
      meanAsymmetry: 30, // (|80 − 60| + |90 − 50|)/2
    });
  });

  it.each([
    // received b 60, c 50, d 75: 185/3; given 80, 90
    ['a', { inDegree: 3, outDegree: 2, trustReceived: 185 / 3, trustGiven: 85 }],
    ['b', { inDegree: 1, outDegree: 2, trustReceived: 80, trustGiven: 50 }],
    ['c', { inDegree: 2, outDegree: 1, trustReceived: 65, trustGiven: 50 }],
    ['d', { inDegree: 0, outDegree: 1, trustReceived: null, trustGiven: 75 }],
    ['e', { inDegree: 0, outDegree: 0, trustReceived: null, trustGiven: null }],
  ])('has %s’s in-degree and trust received and given', (organisation, expected) => {
    const measures = organisationMeasures(members, dyads).find((m) => m.organisation === organisation);
    expect(measures).toEqual({ organisation, ...expected });
  });

  it('has sector pairs weighted by respondents and their perception gap', () => {
    const sectors = new Map([
      ['a', 'nhs'],
      ['b', 'nhs'],
      ['c', 'local_government'],
      ['d', 'local_government'],
    ]);
    const pairs = sectorPairScores(
      [
        { rater: 'a', rated: 'c', score: 60, respondents: 3 },
        { rater: 'b', rated: 'c', score: 80, respondents: 1 },
        { rater: 'a', rated: 'd', score: 40, respondents: 2 },
        { rater: 'c', rated: 'a', score: 30, respondents: 4 },
        { rater: 'd', rated: 'b', score: 50, respondents: 1 },
        { rater: 'a', rated: 'b', score: 90, respondents: 2 },
      ],
      sectors,
    );
    // nhs→lg: (60·3 + 80·1 + 40·2)/6 = 340/6; lg→nhs: (30·4 + 50·1)/5 = 34
    expect(pairs).toEqual([
      { from: 'local_government', to: 'nhs', score: 34, respondents: 5, dyads: 2 },
      { from: 'nhs', to: 'local_government', score: 340 / 6, respondents: 6, dyads: 3 },
      { from: 'nhs', to: 'nhs', score: 90, respondents: 2, dyads: 1 },
    ]);
    // 340/6 − 34 = 22.67: NHS members think better of councils than councils do of them
    expect(perceptionGap(pairs, 'nhs', 'local_government')).toBeCloseTo(340 / 6 - 34, 12);
  });
});
