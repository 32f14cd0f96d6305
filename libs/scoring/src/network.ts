import { atLeast, BAND_LOWER_BOUNDS } from './bands';
import { mean } from './statistics';

/** The score (0–100) organisation `rater` gave `rated`: the mean over the rater's respondents. */
export interface DyadScore {
  rater: string;
  rated: string;
  score: number;
}

export interface RespondentWeightedDyadScore extends DyadScore {
  /** How many of the rater's respondents rated the other organisation. */
  respondents: number;
}

export interface NetworkMeasures {
  members: number;
  /** Ordered pairs: n·(n − 1). */
  possibleDyads: number;
  ratedDyads: number;
  /** Rated dyads over possible dyads; null below two members. */
  density: number | null;
  /** Share of rated dyads scoring in the strong band (≥ 75). */
  strongTieShare: number | null;
  /** Share of rated dyads whose reverse is rated too. */
  reciprocity: number | null;
  /** Unordered pairs rated both ways. */
  reciprocalPairs: number;
  /** Mean of |A→B − B→A| over reciprocal pairs. */
  meanAsymmetry: number | null;
}

export interface OrganisationNetworkMeasures {
  organisation: string;
  /** Members that rated this organisation. */
  inDegree: number;
  /** Members this organisation rated. */
  outDegree: number;
  /** Mean of the other members' scores of this organisation. */
  trustReceived: number | null;
  /** Mean of this organisation's scores of the other members. */
  trustGiven: number | null;
}

export interface SectorPairScore<Sector extends string = string> {
  from: Sector;
  to: Sector;
  /** Respondent-weighted mean of the dyads from one sector to the other. */
  score: number;
  respondents: number;
  dyads: number;
}

/** Whole-network measures for one footprint and round. Fractions are null when they have no denominator. */
export function networkMeasures(members: readonly string[], dyads: readonly DyadScore[]): NetworkMeasures {
  const memberSet = new Set(members);
  const scores = dyadScores(memberSet, dyads);
  const possibleDyads = memberSet.size * (memberSet.size - 1);
  let strongTies = 0;
  let reciprocatedDyads = 0;
  const asymmetries: number[] = [];
  for (const { rater, rated, score } of dyads) {
    if (atLeast(score, BAND_LOWER_BOUNDS.strong)) strongTies++;
    const reverse = scores.get(rated)?.get(rater);
    if (reverse === undefined) continue;
    reciprocatedDyads++;
    // Each reciprocal pair is met twice, once from each side; keep it once.
    if (rater < rated) asymmetries.push(Math.abs(score - reverse));
  }
  return {
    members: memberSet.size,
    possibleDyads,
    ratedDyads: dyads.length,
    density: possibleDyads > 0 ? dyads.length / possibleDyads : null,
    strongTieShare: share(strongTies, dyads.length),
    reciprocity: share(reciprocatedDyads, dyads.length),
    reciprocalPairs: asymmetries.length,
    meanAsymmetry: mean(asymmetries),
  };
}

/** Per member, in the members' order, so a lead sees who is isolated or distrusted. */
export function organisationMeasures(
  members: readonly string[],
  dyads: readonly DyadScore[],
): OrganisationNetworkMeasures[] {
  const memberSet = new Set(members);
  dyadScores(memberSet, dyads); // refuses self, duplicate and non-member dyads, as networkMeasures does
  // One pass over the dyads, not one per member: footprints of a thousand members have tens of thousands of dyads.
  const received = new Map<string, number[]>();
  const given = new Map<string, number[]>();
  for (const { rater, rated, score } of dyads) {
    (received.get(rated) ?? received.set(rated, []).get(rated)!).push(score);
    (given.get(rater) ?? given.set(rater, []).get(rater)!).push(score);
  }
  return [...memberSet].map((organisation) => {
    const scoresReceived = received.get(organisation) ?? [];
    const scoresGiven = given.get(organisation) ?? [];
    return {
      organisation,
      inDegree: scoresReceived.length,
      outDegree: scoresGiven.length,
      trustReceived: mean(scoresReceived),
      trustGiven: mean(scoresGiven),
    };
  });
}

/**
 * Sector S→T: the mean of the dyads from S's organisations to T's, each weighted by its
 * respondents, i.e. the mean over every respondent's rating across the sector boundary.
 * Pairs within one sector are included (nhs→nhs). Sorted by from, then to.
 */
export function sectorPairScores<Sector extends string>(
  dyads: readonly RespondentWeightedDyadScore[],
  sectorOf: ReadonlyMap<string, Sector>,
): SectorPairScore<Sector>[] {
  const pairs = new Map<string, SectorPairScore<Sector> & { weightedSum: number }>();
  for (const { rater, rated, score, respondents } of dyads) {
    if (!Number.isInteger(respondents) || respondents < 1) {
      throw new RangeError(`Dyad ${rater}→${rated} has ${respondents} respondents; a rated dyad has at least one`);
    }
    const from = sectorOfOrganisation(sectorOf, rater);
    const to = sectorOfOrganisation(sectorOf, rated);
    const key = JSON.stringify([from, to]);
    const pair = pairs.get(key) ?? { from, to, score: 0, respondents: 0, dyads: 0, weightedSum: 0 };
    pair.weightedSum += score * respondents;
    pair.respondents += respondents;
    pair.dyads += 1;
    pairs.set(key, pair);
  }
  return [...pairs.values()]
    .map(({ weightedSum, ...pair }) => ({ ...pair, score: weightedSum / pair.respondents }))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
}

/** How much more S thinks of T than T thinks of S; null unless both directions are scored. */
export function perceptionGap<Sector extends string>(
  pairs: readonly SectorPairScore<Sector>[],
  from: Sector,
  to: Sector,
): number | null {
  const forward = pairs.find((pair) => pair.from === from && pair.to === to);
  const backward = pairs.find((pair) => pair.from === to && pair.to === from);
  return forward && backward ? forward.score - backward.score : null;
}

/** rater → rated → score, refusing dyads that would make the fractions meaningless. */
function dyadScores(members: ReadonlySet<string>, dyads: readonly DyadScore[]): Map<string, Map<string, number>> {
  const scores = new Map<string, Map<string, number>>();
  for (const { rater, rated, score } of dyads) {
    if (!members.has(rater) || !members.has(rated)) {
      throw new RangeError(`Dyad ${rater}→${rated} names an organisation that is not a member`);
    }
    if (rater === rated) throw new RangeError(`Organisation ${rater} cannot rate itself`);
    const given = scores.get(rater) ?? new Map<string, number>();
    if (given.has(rated)) throw new RangeError(`Dyad ${rater}→${rated} appears twice`);
    given.set(rated, score);
    scores.set(rater, given);
  }
  return scores;
}

function sectorOfOrganisation<Sector extends string>(
  sectorOf: ReadonlyMap<string, Sector>,
  organisation: string,
): Sector {
  const sector = sectorOf.get(organisation);
  if (sector === undefined) throw new RangeError(`No sector for organisation ${organisation}`);
  return sector;
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Code-point order, the same on every machine (localeCompare depends on the ICU locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
