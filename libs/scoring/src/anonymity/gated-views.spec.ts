import { COMPLEMENTARY } from './anonymity-gate';
import { gateDistributions, gateScores, type ScoreVerdict, type StoredDistribution, type StoredScore } from './gated-views';
import { PROVISIONAL } from './round-gate';

/** What the round gate decided, as the stored decisions give it. */
const verdict = (fields: Partial<ScoreVerdict> = {}) => (): ScoreVerdict => ({ withheld: false, comparisonWithheld: false, slopeWithheld: false, gapWithheld: false, ...fields });

function stored(fields: Partial<StoredScore> = {}): StoredScore {
  return {
    roundId: 'r2',
    period: '2026-Q3',
    provisional: false,
    scope: 'dyad',
    subject: 'a>b',
    measure: 'partner_rating',
    organisationId: 'a',
    partnerOrganisationId: 'b',
    sector: null,
    partnerSector: null,
    respondents: 6,
    n: 6,
    mean: 60,
    sd: 10,
    ciLower: 50,
    ciUpper: 70,
    band: 'moderate',
    previousRoundId: 'r1',
    previousMean: 70,
    previousRespondents: 6,
    delta: -10,
    pValue: 0.04,
    significant: true,
    trend: 'deteriorating',
    slope: -4,
    slopeMinRespondents: 6,
    consecutiveDeclines: 1,
    perceptionGap: -5,
    gapRespondents: 6,
    ...fields,
  };
}

describe('gateScores', () => {
  it('shows every value the gate lets through', () => {
    const [view] = gateScores([stored()], 5, verdict());
    expect(view).toMatchObject({
      suppressed: false,
      reason: null,
      respondents: 6,
      mean: 60,
      ci95: { lower: 50, upper: 70 },
      comparison: { suppressed: false, delta: -10, trend: 'deteriorating', consecutiveDeclines: 1 },
      slope: { suppressed: false, value: -4 },
      perceptionGap: { suppressed: false, value: -5 },
    });
  });

  it('withholds every value of a withheld score, with the reason', () => {
    const [view] = gateScores([stored({ respondents: 4 })], 5, verdict({ withheld: true }));
    expect(view).toMatchObject({ suppressed: true, reason: 'fewer than 5 respondents', respondents: null, n: null, mean: null, sd: null, ci95: null, band: null });
    expect(view?.comparison).toMatchObject({ suppressed: true, delta: null, previousMean: null, trend: null });
    expect(view?.slope).toMatchObject({ suppressed: true, value: null });
    expect(view?.perceptionGap).toMatchObject({ suppressed: true, value: null });
  });

  it.each([
    [{ respondents: 9 }, {}, COMPLEMENTARY],
    [{ respondents: 9, provisional: true }, {}, PROVISIONAL],
    [{ respondents: 9, provisional: true, scope: 'footprint', subject: 'footprint' }, {}, COMPLEMENTARY],
  ])('says why a score of k or more is withheld: %o', (fields, _none, reason) => {
    expect(gateScores([stored(fields)], 5, verdict({ withheld: true }))[0]).toMatchObject({ suppressed: true, reason, mean: null });
  });

  it('withholds a comparison, slope or gap that would reveal a withheld round or reverse direction', () => {
    const [view] = gateScores([stored({ previousRespondents: 3, slopeMinRespondents: 3, gapRespondents: 2 })], 5, verdict({ comparisonWithheld: true, slopeWithheld: true, gapWithheld: true }));
    expect(view).toMatchObject({ suppressed: false, mean: 60 });
    // mean − delta would give the suppressed previous mean; mean − gap the suppressed reverse dyad.
    expect(view?.comparison).toMatchObject({ suppressed: true, reason: 'fewer than 5 respondents', delta: null, previousMean: null });
    expect(view?.slope).toMatchObject({ suppressed: true, value: null });
    expect(view?.perceptionGap).toMatchObject({ suppressed: true, value: null });
  });

  it('leaves out what does not exist: no previous round, no slope, no reverse direction', () => {
    const [view] = gateScores([stored({ previousRoundId: null, previousRespondents: null, slope: null, slopeMinRespondents: null, perceptionGap: null, gapRespondents: null })], 5, verdict());
    expect(view).toMatchObject({ comparison: null, slope: null, perceptionGap: null });
  });
});

describe('gateDistributions', () => {
  const row = (respondents: number): StoredDistribution => ({
    roundId: 'r',
    questionKey: 'q',
    breakdown: 'sector',
    groupKey: 'nhs',
    respondents,
    answered: respondents,
    dontKnow: 1,
    counts: [1, respondents - 2],
    favourableShare: 0.8,
    neutralShare: 0,
    unfavourableShare: 0.2,
  });
  const options = () => [
    { value: 'no', label: 'No' },
    { value: 'yes', label: 'Yes' },
  ];

  it('names each option with its count and share of every answer', () => {
    const [view] = gateDistributions([row(10)], options, 5, () => false);
    expect(view).toMatchObject({
      suppressed: false,
      options: [
        { value: 'no', label: 'No', count: 1, share: 0.1 },
        { value: 'yes', label: 'Yes', count: 8, share: 0.8 },
      ],
      dontKnow: { count: 1, share: 0.1 },
      favourableShare: 0.8,
    });
  });

  it('withholds a group the gate withholds', () => {
    expect(gateDistributions([row(4)], options, 5, () => true)[0]).toMatchObject({ suppressed: true, reason: 'fewer than 5 respondents', respondents: null, options: null, dontKnow: null, favourableShare: null });
  });
});
