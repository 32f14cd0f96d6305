import { type Band, scoreBand } from '../bands';
import { type DyadScore, networkMeasures, organisationMeasures, perceptionGap, type RespondentWeightedDyadScore, sectorPairScores } from '../network';
import { describeSample, pooledSummary, type SampleSummary } from '../statistics';
import { compareWithPreviousRound, consecutiveDeclines, slope, type Trend } from '../trend';
import { MEMBER_NETWORK_MEASURES, NETWORK_MEASURES, PARTNER_RATING, RHI, type Scope, type Subject, subjectKey } from './score-scopes';

/** n, mean and sd of one group's respondent scores, as the SQL aggregates return them. */
export interface GroupScores {
  /** Responses in the group, whatever they answered. */
  responses: number;
  rhi: SampleSummary;
  /** In the instrument's dimension order. */
  dimensions: SampleSummary[];
}

export interface DyadAggregate extends SampleSummary {
  rater: string;
  rated: string;
}

export interface SectorPairRespondents {
  sector: string;
  partnerSector: string;
  /** Distinct respondents rating across the boundary (one respondent may rate several partners). */
  respondents: number;
}

/** Everything one scoring run aggregated from a round's responses. */
export interface RoundAggregates {
  dimensions: readonly string[];
  footprint: GroupScores;
  organisations: ReadonlyMap<string, GroupScores>;
  sectors: ReadonlyMap<string, GroupScores>;
  dyads: readonly DyadAggregate[];
  sectorPairs: readonly SectorPairRespondents[];
  /** Per rating organisation: respondents who scored at least one partner. */
  raters: ReadonlyMap<string, number>;
  /** Every member of the round, in a stable order, with its sector. */
  members: ReadonlyMap<string, string>;
}

/** A score as computed, before its comparison with earlier rounds. */
export interface CurrentScore extends Required<Subject> {
  scope: Scope;
  subject: string;
  measure: string;
  respondents: number;
  n: number;
  mean: number | null;
  sd: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  band: Band | null;
  perceptionGap: number | null;
  gapRespondents: number | null;
}

export interface ScoreRow extends CurrentScore {
  previousRoundId: string | null;
  previousMean: number | null;
  previousRespondents: number | null;
  delta: number | null;
  pValue: number | null;
  significant: boolean;
  trend: Trend | null;
  slope: number | null;
  slopeMinRespondents: number | null;
  consecutiveDeclines: number;
}

/** What a later round needs of an earlier one's score. */
export interface PastScore {
  respondents: number;
  n: number;
  mean: number | null;
  sd: number | null;
  consecutiveDeclines: number;
}

/** An earlier scored round of the footprint: its scores by scoreKey(). */
export interface PastRound {
  roundId: string;
  scores: ReadonlyMap<string, PastScore>;
}

export function scoreKey(score: { scope: string; subject: string; measure: string }): string {
  return `${score.scope}|${score.subject}|${score.measure}`;
}

/** Measures that are not on the 0–100 scale (fractions, point differences) have no band. */
const UNBANDED: ReadonlySet<string> = new Set(NETWORK_MEASURES);

function score(scope: Scope, subject: Subject, measure: string, respondents: number, summary: SampleSummary): CurrentScore {
  const described = describeSample(summary);
  return {
    scope,
    subject: subjectKey(subject),
    measure,
    organisationId: subject.organisationId ?? null,
    partnerOrganisationId: subject.partnerOrganisationId ?? null,
    sector: subject.sector ?? null,
    partnerSector: subject.partnerSector ?? null,
    respondents,
    n: summary.n,
    mean: summary.mean,
    sd: summary.sd,
    ciLower: described.ci95?.lower ?? null,
    ciUpper: described.ci95?.upper ?? null,
    band: UNBANDED.has(measure) ? null : scoreBand(summary.mean),
    perceptionGap: null,
    gapRespondents: null,
  };
}

/** RHI and each dimension of one group; each value's n is its respondents. */
function* groupScores(scope: Scope, subject: Subject, group: GroupScores, dimensions: readonly string[], rhiScope: Scope = scope): Generator<CurrentScore> {
  yield score(rhiScope, subject, RHI, group.rhi.n, group.rhi);
  for (const [i, dimension] of dimensions.entries()) {
    const summary = group.dimensions[i] ?? { n: 0, mean: null, sd: null };
    yield score(scope, subject, dimension, summary.n, summary);
  }
}

function* dyadScores(dyads: readonly DyadAggregate[]): Generator<CurrentScore> {
  const byPair = new Map(dyads.map((dyad) => [`${dyad.rater}>${dyad.rated}`, dyad]));
  for (const dyad of dyads) {
    const row = score('dyad', { organisationId: dyad.rater, partnerOrganisationId: dyad.rated }, PARTNER_RATING, dyad.n, dyad);
    const reverse = byPair.get(`${dyad.rated}>${dyad.rater}`);
    if (reverse && dyad.mean !== null && reverse.mean !== null) {
      row.perceptionGap = dyad.mean - reverse.mean;
      row.gapRespondents = reverse.n;
    }
    yield row;
  }
}

/**
 * Sector pairs respondent-weighted over their dyads (sectorPairScores), with the gap S→T − T→S. The
 * sd over the individual ratings comes from pooling the dyads' summaries (exact).
 */
function sectorPairRows(aggregates: RoundAggregates, dyads: readonly DyadAggregate[], weighted: readonly RespondentWeightedDyadScore[]): CurrentScore[] {
  const sectorOf = aggregates.members;
  const pairs = sectorPairScores(weighted, sectorOf);
  const respondents = new Map(aggregates.sectorPairs.map((pair) => [`${pair.sector}>${pair.partnerSector}`, pair.respondents]));
  const respondentsOf = (from: string, to: string) => respondents.get(`${from}>${to}`) ?? 0;
  return pairs.map((pair) => {
    const spread = pooledSummary(dyads.filter((dyad) => sectorOf.get(dyad.rater) === pair.from && sectorOf.get(dyad.rated) === pair.to));
    const row = score('sector_pair', { sector: pair.from, partnerSector: pair.to }, PARTNER_RATING, respondentsOf(pair.from, pair.to), {
      n: pair.respondents,
      mean: pair.score,
      sd: spread.sd,
    });
    row.perceptionGap = perceptionGap(pairs, pair.from, pair.to);
    if (row.perceptionGap !== null) row.gapRespondents = respondentsOf(pair.to, pair.from);
    return row;
  });
}

/**
 * Whole-network measures (n: the dyads each is a fraction of) and, per member, trust received and
 * given (n: in- and out-degree). Respondents are the raters behind each value.
 */
function networkRows(aggregates: RoundAggregates, dyads: readonly DyadScore[]): CurrentScore[] {
  const members = [...aggregates.members.keys()];
  const network = networkMeasures(members, dyads);
  const raters = [...aggregates.raters.values()].reduce((sum, count) => sum + count, 0);
  const footprint: Subject = {};
  const [density, strongTies, reciprocity, asymmetry] = NETWORK_MEASURES;
  const rows = [
    score('network', footprint, density, raters, { n: network.possibleDyads, mean: network.density, sd: null }),
    score('network', footprint, strongTies, raters, { n: network.ratedDyads, mean: network.strongTieShare, sd: null }),
    score('network', footprint, reciprocity, raters, { n: network.ratedDyads, mean: network.reciprocity, sd: null }),
    score('network', footprint, asymmetry, raters, { n: network.reciprocalPairs, mean: network.meanAsymmetry, sd: null }),
  ];
  // A respondent rates a partner once, so the raters of an organisation add up over its dyads.
  const ratersOf = new Map<string, number>();
  for (const dyad of aggregates.dyads) ratersOf.set(dyad.rated, (ratersOf.get(dyad.rated) ?? 0) + dyad.n);
  const [received, given] = MEMBER_NETWORK_MEASURES;
  for (const member of organisationMeasures(members, dyads)) {
    const subject: Subject = { organisationId: member.organisation };
    rows.push(
      score('network', subject, received, ratersOf.get(member.organisation) ?? 0, { n: member.inDegree, mean: member.trustReceived, sd: null }),
      score('network', subject, given, aggregates.raters.get(member.organisation) ?? 0, { n: member.outDegree, mean: member.trustGiven, sd: null }),
    );
  }
  return rows;
}

/**
 * Every score of a round, for every scope of DESIGN.md's Scoring section, one row at a time: the
 * scoring run writes them in batches as they come (ScoreWriter), so a large round's tens of
 * thousands of rows are never all in memory at once.
 */
export function* currentScoreStream(aggregates: RoundAggregates): Generator<CurrentScore> {
  const { dimensions } = aggregates;
  yield* groupScores('dimension', {}, aggregates.footprint, dimensions, 'footprint');
  for (const [organisationId, group] of aggregates.organisations) yield* groupScores('organisation', { organisationId }, group, dimensions);
  for (const [sector, group] of aggregates.sectors) yield* groupScores('sector', { sector }, group, dimensions);
  const scored = aggregates.dyads.filter((dyad): dyad is DyadAggregate & { mean: number } => dyad.mean !== null && dyad.n > 0);
  const dyads = scored.map((dyad) => ({ rater: dyad.rater, rated: dyad.rated, score: dyad.mean, respondents: dyad.n }));
  yield* sectorPairRows(aggregates, scored, dyads);
  yield* dyadScores(scored);
  yield* networkRows(aggregates, dyads);
}

/**
 * Adds a score's comparison with the footprint's earlier scored rounds (newest first, at most
 * three are used): delta and Welch p against the previous round, the slope over the last four
 * rounds and the run of declines. A subject missing from the previous round has no comparison.
 * Returns the function for one score: the history is looked into once, and the scores pass one at
 * a time (a scoring run streams them to its writer).
 */
export function withHistory(history: readonly PastRound[]): (current: CurrentScore) => ScoreRow {
  const [previousRound] = history;
  const window = history.slice(0, 3).reverse();
  return (current) => {
    const key = scoreKey(current);
    const previous = previousRound?.scores.get(key) ?? null;
    const comparison = compareWithPreviousRound(current, previous);
    let trendSlope: number | null = null;
    let slopeMinRespondents: number | null = null;
    if (window.length > 0) {
      const points = [...window.map((round) => round.scores.get(key) ?? null), current];
      trendSlope = slope(points.map((point) => point?.mean ?? null));
      const inSlope = points.filter((point) => point !== null && point.mean !== null).map((point) => point!.respondents);
      slopeMinRespondents = trendSlope === null ? null : Math.min(...inSlope);
    }
    // A decline extends the run the previous round ended with, so runs longer than the window still count.
    const declined = previous !== null && consecutiveDeclines([previous.mean, current.mean]) === 1;
    // Spelled out rather than spread: V8 turns a 26-field spread into a dictionary object, about 4 kB a row.
    return {
      scope: current.scope,
      subject: current.subject,
      measure: current.measure,
      organisationId: current.organisationId,
      partnerOrganisationId: current.partnerOrganisationId,
      sector: current.sector,
      partnerSector: current.partnerSector,
      respondents: current.respondents,
      n: current.n,
      mean: current.mean,
      sd: current.sd,
      ciLower: current.ciLower,
      ciUpper: current.ciUpper,
      band: current.band,
      perceptionGap: current.perceptionGap,
      gapRespondents: current.gapRespondents,
      previousRoundId: previous ? (previousRound?.roundId ?? null) : null,
      previousMean: previous?.mean ?? null,
      previousRespondents: previous?.respondents ?? null,
      delta: comparison.delta,
      pValue: comparison.p,
      significant: comparison.significant,
      trend: comparison.trend,
      slope: trendSlope,
      slopeMinRespondents,
      consecutiveDeclines: declined ? previous.consecutiveDeclines + 1 : 0,
    };
  };
}
