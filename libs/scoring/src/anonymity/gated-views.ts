import type { Band } from '../bands';
import type { DistributionRow } from '../distributions/distribution-rows';
import { optionShares } from '../distributions/distributions';
import type { ScoreRow } from '../scores/score-rows';
import type { Trend } from '../trend';
import { type Cell, decide, DEFAULT_RULES, type GateDecision, type SuppressionRule } from './anonymity-gate';

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

/** A value whose own cell and the main cell must both pass: a comparison must not reveal a suppressed round. */
function secondary(main: GateDecision, own: GateDecision): Withheld {
  if (main.suppressed) return main;
  return own;
}

/**
 * Scores as readers see them. Every value rests on some respondents: the score on its own, a
 * comparison also on the previous round's, a slope on each round in it, a perception gap on the
 * reverse direction's. Each is withheld when its respondents fail the gate, so no value can reveal
 * another that was suppressed (e.g. current mean minus delta giving a suppressed previous mean).
 */
export function gateScores(rows: readonly StoredScore[], k: number, rules: readonly SuppressionRule[] = DEFAULT_RULES): ScoreView[] {
  const cells = (respondents: (row: StoredScore) => number | null): Cell[] => rows.map((row) => ({ respondents: respondents(row) }));
  const main = decide(cells((row) => row.respondents), k, rules);
  const previous = decide(cells((row) => row.previousRespondents), k, rules);
  const slope = decide(cells((row) => row.slopeMinRespondents), k, rules);
  const gap = decide(cells((row) => row.gapRespondents), k, rules);
  return rows.map((row, i) => {
    const decision = main[i] as GateDecision;
    const shown = !decision.suppressed;
    const comparison = secondary(decision, previous[i] as GateDecision);
    const trendSlope = secondary(decision, slope[i] as GateDecision);
    const perceptionGap = secondary(decision, gap[i] as GateDecision);
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

/** Distributions as readers see them: every count and share withheld for a group below k. */
export function gateDistributions(
  rows: readonly StoredDistribution[],
  optionsOf: (questionKey: string) => readonly { value: string; label: string }[],
  k: number,
  rules: readonly SuppressionRule[] = DEFAULT_RULES,
): DistributionView[] {
  const decisions = decide(rows, k, rules);
  return rows.map((row, i) => {
    const decision = decisions[i] as GateDecision;
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
