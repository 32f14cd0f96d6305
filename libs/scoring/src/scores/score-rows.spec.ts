import { type CurrentScore, currentScoreStream, type GroupScores, type PastRound, type PastScore, type RoundAggregates, scoreKey, withHistory } from './score-rows';

const group = (n: number, mean: number, sd = 10): GroupScores => ({ responses: n, rhi: { n, mean, sd }, dimensions: [{ n, mean, sd }] });

const aggregates: RoundAggregates = {
  dimensions: ['trust'],
  footprint: group(12, 60),
  organisations: new Map([
    ['council', group(6, 70)],
    ['trust', group(6, 50)],
  ]),
  sectors: new Map([
    ['local_government', group(6, 70)],
    ['nhs', group(6, 50)],
  ]),
  dyads: [
    { rater: 'council', rated: 'trust', n: 6, mean: 40, sd: 10 },
    { rater: 'trust', rated: 'council', n: 4, mean: 80, sd: 5 },
  ],
  sectorPairs: [
    { sector: 'local_government', partnerSector: 'nhs', respondents: 6 },
    { sector: 'nhs', partnerSector: 'local_government', respondents: 4 },
  ],
  raters: new Map([
    ['council', 6],
    ['trust', 4],
  ]),
  members: new Map([
    ['council', 'local_government'],
    ['trust', 'nhs'],
  ]),
};

describe('currentScoreStream', () => {
  const scores = [...currentScoreStream(aggregates)];
  const find = (scope: string, subject: string, measure: string) => scores.find((s) => scoreKey(s) === scoreKey({ scope, subject, measure })) as CurrentScore;

  it('scores the footprint RHI and dimensions, each organisation and sector, with CI and band', () => {
    expect(find('footprint', 'footprint', 'rhi')).toMatchObject({ n: 12, respondents: 12, mean: 60, band: 'moderate' });
    expect(find('footprint', 'footprint', 'rhi').ciLower).toBeCloseTo(60 - (2.200985 * 10) / Math.sqrt(12), 4);
    expect(find('dimension', 'footprint', 'trust')).toMatchObject({ n: 12, mean: 60 });
    expect(find('organisation', 'council', 'rhi')).toMatchObject({ organisationId: 'council', mean: 70 });
    expect(find('sector', 'nhs', 'trust')).toMatchObject({ sector: 'nhs', mean: 50 });
  });

  it('gives dyads and sector pairs their perception gaps, and the reverse direction\'s respondents', () => {
    expect(find('dyad', 'council>trust', 'partner_rating')).toMatchObject({ mean: 40, band: 'concern', perceptionGap: -40, gapRespondents: 4 });
    expect(find('sector_pair', 'nhs>local_government', 'partner_rating')).toMatchObject({ n: 4, respondents: 4, mean: 80, perceptionGap: 40, gapRespondents: 6 });
  });

  it('measures the network, shares without a band', () => {
    expect(find('network', 'footprint', 'density')).toMatchObject({ mean: 1, n: 2, respondents: 10, band: null });
    expect(find('network', 'footprint', 'mean_asymmetry')).toMatchObject({ mean: 40, n: 1 });
    expect(find('network', 'trust', 'trust_received')).toMatchObject({ mean: 40, n: 1, respondents: 6, band: 'concern' });
    expect(find('network', 'trust', 'trust_given')).toMatchObject({ mean: 80, n: 1, respondents: 4 });
  });
});

describe('withHistory', () => {
  const current = [...currentScoreStream(aggregates)].filter((s) => s.scope === 'dyad');
  const key = scoreKey({ scope: 'dyad', subject: 'council>trust', measure: 'partner_rating' });
  const past = (roundId: string, score: Partial<PastScore>): PastRound => ({
    roundId,
    scores: new Map([[key, { respondents: 6, n: 6, mean: 50, sd: 10, consecutiveDeclines: 0, ...score }]]),
  });

  it('has no comparison, slope or declines without an earlier round', () => {
    expect(current.map(withHistory([]))[0]).toMatchObject({ previousRoundId: null, delta: null, pValue: null, trend: null, slope: null, consecutiveDeclines: 0 });
  });

  it('compares with the previous round (Welch) and extends its run of declines', () => {
    const [dyad] = current.map(withHistory([past('q3', { mean: 60, consecutiveDeclines: 2 }), past('q2', { mean: 70 }), past('q1', { mean: 80, respondents: 3 })]));
    expect(dyad).toMatchObject({ previousRoundId: 'q3', previousMean: 60, previousRespondents: 6, delta: -20, significant: true, trend: 'deteriorating', consecutiveDeclines: 3 });
    expect(dyad?.pValue).toBeLessThan(0.05);
    // 80, 70, 60, 40 at x = 0..3.
    expect(dyad?.slope).toBeCloseTo(-13, 10);
    expect(dyad?.slopeMinRespondents).toBe(3);
  });

  it('ends the run at a rise, and compares only with a subject the previous round had', () => {
    expect(current.map(withHistory([past('q3', { mean: 20, consecutiveDeclines: 2 })]))[0]).toMatchObject({ consecutiveDeclines: 0, trend: 'improving' });
    const other: PastRound = { roundId: 'q3', scores: new Map() };
    expect(current.map(withHistory([other, past('q2', { mean: 60 })]))[0]).toMatchObject({ previousRoundId: null, delta: null });
  });
});
