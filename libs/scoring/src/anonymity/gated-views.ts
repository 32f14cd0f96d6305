import type { Band } from '../bands';
import type { DistributionRow } from '../distributions/distribution-rows';
import type { DriverClass, DriverKind, KeyDriverRow } from '../drivers';
import { optionShares } from '../distributions/distributions';
import type { ScoreRow } from '../scores/score-rows';
import type { Trend } from '../trend';
import { type GateDecision, SHOWN, withheldBecause } from './anonymity-gate';
import { PROVISIONAL } from './round-gate';

/** A stored score as the gate needs it: the row as scoring computed it, with its round. */
export interface StoredScore extends Omit<ScoreRow, 'scope'> {
  roundId: string;
  period: string;
  provisional: boolean;
  scope: string;
}

export interface Withheld {
  suppressed: boolean;
  reason: string | null;
}

export interface ComparisonView extends Withheld {
  previousRoundId: string | null;
  previousMean: number | null;
  delta: number | null;
  pValue: number | null;
  significant: boolean | null;
  trend: Trend | null;
  consecutiveDeclines: number | null;
}

export interface ValueView extends Withheld {
  value: number | null;
}

export interface ScoreView extends Withheld {
  roundId: string;
  period: string;
  provisional: boolean;
  scope: string;
  subject: string;
  measure: string;
  organisationId: string | null;
  partnerOrganisationId: string | null;
  sector: string | null;
  partnerSector: string | null;
  respondents: number | null;
  n: number | null;
  mean: number | null;
  sd: number | null;
  ci95: { lower: number; upper: number } | null;
  band: Band | null;
  /** Against the footprint's previous scored round; null when there was none for this subject. */
  comparison: ComparisonView | null;
  /** Points per round over the last four scored rounds; null with fewer than two. */
  slope: ValueView | null;
  /** Sector pairs and dyads: this direction minus the reverse; null when the reverse is unrated. */
  perceptionGap: ValueView | null;
}

/**
 * What the round gate decided about one stored score: the score itself, and the values that lean on
 * another figure (a comparison on the previous round's, a slope on each round in it, a perception gap
 * on the reverse direction's), each withheld when that other figure is, so none can give it back
 * (current mean minus delta giving a withheld previous mean).
 */
export interface ScoreVerdict {
  withheld: boolean;
  comparisonWithheld: boolean;
  slopeWithheld: boolean;
  gapWithheld: boolean;
}

const FOOTPRINT_WIDE = new Set(['footprint', 'dimension']);

/** A value that leans on another figure: withheld with the main one, or when that figure is. */
function secondary(main: GateDecision, withheld: boolean, respondents: number | null, k: number): GateDecision {
  if (main.suppressed) return main;
  return withheld ? withheldBecause(respondents, k, null) : SHOWN;
}

/** Scores as readers see them, through the round gate's stored decisions (verdictOf). */
export function gateScores(rows: readonly StoredScore[], k: number, verdictOf: (row: StoredScore) => ScoreVerdict): ScoreView[] {
  return rows.map((row) => {
    const verdict = verdictOf(row);
    const decision = verdict.withheld ? withheldBecause(row.respondents, k, row.provisional && !FOOTPRINT_WIDE.has(row.scope) ? PROVISIONAL : null) : SHOWN;
    const shown = !decision.suppressed;
    const comparison = secondary(decision, verdict.comparisonWithheld, row.previousRespondents, k);
    const trendSlope = secondary(decision, verdict.slopeWithheld, row.slopeMinRespondents, k);
    const perceptionGap = secondary(decision, verdict.gapWithheld, row.gapRespondents, k);
    return {
      roundId: row.roundId,
      period: row.period,
      provisional: row.provisional,
      scope: row.scope,
      subject: row.subject,
      measure: row.measure,
      organisationId: row.organisationId,
      partnerOrganisationId: row.partnerOrganisationId,
      sector: row.sector,
      partnerSector: row.partnerSector,
      suppressed: decision.suppressed,
      reason: decision.reason,
      respondents: shown ? row.respondents : null,
      n: shown ? row.n : null,
      mean: shown ? row.mean : null,
      sd: shown ? row.sd : null,
      ci95: shown && row.ciLower !== null && row.ciUpper !== null ? { lower: row.ciLower, upper: row.ciUpper } : null,
      band: shown ? row.band : null,
      comparison:
        row.previousRoundId === null
          ? null
          : comparison.suppressed
            ? { ...comparison, previousRoundId: row.previousRoundId, previousMean: null, delta: null, pValue: null, significant: null, trend: null, consecutiveDeclines: null }
            : {
                ...comparison,
                previousRoundId: row.previousRoundId,
                previousMean: row.previousMean,
                delta: row.delta,
                pValue: row.pValue,
                significant: row.significant,
                trend: row.trend,
                consecutiveDeclines: row.consecutiveDeclines,
              },
      slope: row.slope === null ? null : { ...trendSlope, value: trendSlope.suppressed ? null : row.slope },
      perceptionGap: row.perceptionGap === null ? null : { ...perceptionGap, value: perceptionGap.suppressed ? null : row.perceptionGap },
    };
  });
}

export interface StoredDistribution extends Omit<DistributionRow, 'breakdown'> {
  roundId: string;
  breakdown: string;
}

export interface OptionView {
  value: string;
  label: string;
  count: number;
  share: number;
}

export interface DistributionView extends Withheld {
  roundId: string;
  questionKey: string;
  breakdown: string;
  groupKey: string;
  respondents: number | null;
  answered: number | null;
  options: OptionView[] | null;
  dontKnow: { count: number; share: number } | null;
  favourableShare: number | null;
  neutralShare: number | null;
  unfavourableShare: number | null;
}

/** Distributions as readers see them, through the round gate's stored decisions (`withheld`). */
export function gateDistributions(
  rows: readonly StoredDistribution[],
  optionsOf: (questionKey: string) => readonly { value: string; label: string }[],
  k: number,
  withheld: (row: StoredDistribution) => boolean,
  provisional = false,
): DistributionView[] {
  return rows.map((row) => {
    const decision = withheld(row) ? withheldBecause(row.respondents, k, provisional && row.breakdown !== 'all' ? PROVISIONAL : null) : SHOWN;
    const base = { roundId: row.roundId, questionKey: row.questionKey, breakdown: row.breakdown, groupKey: row.groupKey, suppressed: decision.suppressed, reason: decision.reason };
    if (decision.suppressed) {
      return { ...base, respondents: null, answered: null, options: null, dontKnow: null, favourableShare: null, neutralShare: null, unfavourableShare: null };
    }
    const shares = optionShares(row.counts, row.dontKnow);
    const labels = optionsOf(row.questionKey);
    return {
      ...base,
      respondents: row.respondents,
      answered: row.answered,
      options: shares.options.map((option, position) => ({ value: labels[position]?.value ?? String(position), label: labels[position]?.label ?? String(position), ...option })),
      dontKnow: shares.dontKnow,
      favourableShare: row.favourableShare,
      neutralShare: row.neutralShare,
      unfavourableShare: row.unfavourableShare,
    };
  });
}

export interface KeyDriverView {
  kind: DriverKind;
  key: string;
  dimension: string | null;
  correlation: Withheld & { respondents: number | null; mean: number | null; r: number | null; ci95: { lower: number; upper: number } | null };
  importance: Withheld & { respondents: number | null; rSquared: number | null; relativeWeight: number | null; share: number | null; class: DriverClass | null };
}

/**
 * Key drivers as readers see them, through the round gate's stored decisions: the correlation and
 * the weight are judged apart (`withheld`), as they rest on different respondents. Dimensions come
 * first, then items, each by its shown share of the explained variance, so a withheld weight never
 * shows through the order.
 */
export function gateDrivers(rows: readonly KeyDriverRow[], k: number, withheld: (row: KeyDriverRow, figure: 'correlation' | 'weight') => boolean): KeyDriverView[] {
  const views = rows.map((row): KeyDriverView => {
    const correlation = withheld(row, 'correlation') ? withheldBecause(row.respondents, k, null) : SHOWN;
    const weight = withheld(row, 'weight') ? withheldBecause(row.modelRespondents, k, null) : SHOWN;
    const c = !correlation.suppressed;
    const w = !weight.suppressed;
    return {
      kind: row.kind,
      key: row.key,
      dimension: row.dimension,
      correlation: {
        ...correlation,
        respondents: c ? row.respondents : null,
        mean: c ? row.mean : null,
        r: c ? row.correlation : null,
        ci95: c && row.ciLower !== null && row.ciUpper !== null ? { lower: row.ciLower, upper: row.ciUpper } : null,
      },
      importance: {
        ...weight,
        respondents: w ? row.modelRespondents : null,
        rSquared: w ? row.rSquared : null,
        relativeWeight: w ? row.relativeWeight : null,
        share: w ? row.importance : null,
        class: w ? row.class : null,
      },
    };
  });
  const kindOrder = (kind: DriverKind) => (kind === 'dimension' ? 0 : 1);
  return views.sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || (b.importance.share ?? -1) - (a.importance.share ?? -1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
