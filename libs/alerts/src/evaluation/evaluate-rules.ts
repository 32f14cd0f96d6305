import { atLeast, type Band, scoreBand, type StoredScore } from '@pp/scoring';
import type { RuleKind, Severity } from '../rules/rule-kinds';

/**
 * Alert rules as pure functions: a round's scores and response counts in, the alerts to raise and
 * to resolve out. No I/O; the round-alerts service gathers the facts and writes the outcome.
 */

export interface RuleSetting {
  id: string;
  kind: RuleKind;
  enabled: boolean;
  severity: Severity;
  threshold: number | null;
}

/** The fields of a stored score the rules read. */
export type ScoreFact = Pick<
  StoredScore,
  | 'scope'
  | 'subject'
  | 'measure'
  | 'organisationId'
  | 'partnerOrganisationId'
  | 'sector'
  | 'partnerSector'
  | 'respondents'
  | 'mean'
  | 'previousRoundId'
  | 'previousMean'
  | 'previousRespondents'
  | 'delta'
  | 'pValue'
  | 'significant'
  | 'consecutiveDeclines'
  | 'perceptionGap'
  | 'gapRespondents'
>;

export interface OrganisationResponses {
  organisationId: string;
  respondents: number;
  expectedRespondents: number;
}

export interface RoundFacts {
  /** The footprint's k: no alert may reveal an aggregate of fewer respondents than this. */
  anonymityThreshold: number;
  scores: readonly ScoreFact[];
  /** Every invited member with its respondents at close. */
  responses: readonly OrganisationResponses[];
  /** Member names by organisation id, for the words of an alert. */
  names: ReadonlyMap<string, string>;
}

/** An alert of an earlier round that is still open or acknowledged. */
export interface ActiveAlert {
  id: string;
  ruleId: string;
  subject: string;
}

export interface Finding {
  ruleId: string;
  kind: RuleKind;
  severity: Severity;
  /** Stable across rounds: `footprint`, `dimension:trust`, `dyad:<from>><to>`, `sector_pair:nhs>local_government`, `organisation:<id>`. */
  subject: string;
  subjectLabel: string;
  summary: string;
  details: Record<string, unknown>;
}

/**
 * One subject a rule could judge this round. `holds`: the condition is true now (an active alert
 * stays open). `raises`: it became true now (an alert is raised unless one is already active);
 * for band rules that is entering 'concern', for the others the same as holding.
 */
interface Observation extends Omit<Finding, 'ruleId' | 'kind' | 'severity'> {
  holds: boolean;
  raises: boolean;
}

export interface Evaluation {
  raise: Finding[];
  /** Ids of active alerts whose condition has cleared this round. */
  resolve: string[];
}

const NHS = 'nhs';
const COUNCIL = 'local_government';

const points = (value: number) => value.toFixed(1);
const humanise = (key: string) => key.replace(/_/g, ' ');

/** A comparison with the previous round may be shown only when both rounds pass the anonymity gate. */
function comparable(score: ScoreFact, k: number): boolean {
  return score.previousMean !== null && score.delta !== null && (score.previousRespondents ?? 0) >= k;
}

function enteredConcern(score: ScoreFact, k: number): { now: boolean; entered: boolean; band: Band | null; previousBand: Band | null } {
  const band = scoreBand(score.mean);
  const previousBand = comparable(score, k) ? scoreBand(score.previousMean) : null;
  const now = band === 'concern';
  return { now, entered: now && previousBand !== 'concern', band, previousBand };
}

function values(score: ScoreFact): Record<string, unknown> {
  return {
    scope: score.scope,
    measure: score.measure,
    mean: score.mean,
    previousMean: score.previousMean,
    delta: score.delta,
    pValue: score.pValue,
    band: scoreBand(score.mean),
    respondents: score.respondents,
  };
}

function dyadLabel(score: ScoreFact, names: ReadonlyMap<string, string>): string {
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : '?');
  return `${name(score.organisationId)} → ${name(score.partnerOrganisationId)}`;
}

/** The subjects shared by several rules: the footprint's index, its dimensions and its dyads. */
function trackedSubject(score: ScoreFact, names: ReadonlyMap<string, string>): { subject: string; label: string } | null {
  if (score.scope === 'footprint' && score.measure === 'rhi') return { subject: 'footprint', label: 'Relationship Health Index' };
  if (score.scope === 'dimension') return { subject: `dimension:${score.measure}`, label: `Dimension ${humanise(score.measure)}` };
  if (score.scope === 'dyad') return { subject: `dyad:${score.subject}`, label: dyadLabel(score, names) };
  return null;
}

type Observer = (threshold: number | null, facts: RoundFacts) => Observation[];

const OBSERVERS: Record<RuleKind, Observer> = {
  rhi_drop: (threshold, { scores, anonymityThreshold: k }) =>
    scores
      .filter((s) => s.scope === 'footprint' && s.measure === 'rhi' && s.respondents >= k && comparable(s, k))
      .map((s) => {
        const holds = s.significant && atLeast(-(s.delta as number), threshold as number);
        return {
          subject: 'footprint',
          subjectLabel: 'Relationship Health Index',
          summary: `The Relationship Health Index fell ${points(-(s.delta as number))} points to ${points(s.mean as number)} (p = ${s.pValue?.toFixed(3)})`,
          details: values(s),
          holds,
          raises: holds,
        };
      }),

  dimension_concern: (_threshold, { scores, anonymityThreshold: k }) =>
    scores
      .filter((s) => s.scope === 'dimension' && s.respondents >= k && s.mean !== null)
      .map((s) => {
        const { now, entered, previousBand } = enteredConcern(s, k);
        const was = previousBand ? ` (was ${points(s.previousMean as number)}, ${previousBand})` : '';
        return {
          subject: `dimension:${s.measure}`,
          subjectLabel: `Dimension ${humanise(s.measure)}`,
          summary: `Dimension ${humanise(s.measure)} is in concern at ${points(s.mean as number)}${was}`,
          details: { ...values(s), previousBand },
          holds: now,
          raises: entered,
        };
      }),

  dyad_decline: (threshold, { scores, anonymityThreshold: k, names }) =>
    scores
      .filter((s) => s.scope === 'dyad' && s.respondents >= k && s.mean !== null)
      .map((s) => {
        const { now, entered, previousBand } = enteredConcern(s, k);
        const dropped = comparable(s, k) && atLeast(-(s.delta as number), threshold as number);
        const label = dyadLabel(s, names);
        const mean = points(s.mean as number);
        const fell = `fell ${points(-(s.delta as number))} points to ${mean}`;
        const summary = dropped && now ? `${fell}, in the concern band` : dropped ? fell : now ? `is in the concern band at ${mean}` : `is at ${mean}`;
        return {
          subject: `dyad:${s.subject}`,
          subjectLabel: label,
          summary: `${label} ${summary}`,
          details: { ...values(s), previousBand, organisationId: s.organisationId, partnerOrganisationId: s.partnerOrganisationId },
          holds: now || dropped,
          raises: entered || dropped,
        };
      }),

  perception_gap: (threshold, { scores, anonymityThreshold: k }) =>
    scores
      .filter((s) => s.scope === 'sector_pair' && s.sector === NHS && s.partnerSector === COUNCIL)
      .filter((s) => s.perceptionGap !== null && s.respondents >= k && (s.gapRespondents ?? 0) >= k)
      .map((s) => {
        const gap = s.perceptionGap as number;
        const holds = atLeast(Math.abs(gap), threshold as number);
        const [higher, lower] = gap >= 0 ? ['NHS partners', 'local government'] : ['Local government partners', 'the NHS'];
        return {
          subject: `sector_pair:${NHS}>${COUNCIL}`,
          subjectLabel: 'NHS ↔ local government',
          summary: `${higher} rate ${lower} ${points(Math.abs(gap))} points higher than they are rated in return`,
          details: { ...values(s), perceptionGap: gap, gapRespondents: s.gapRespondents },
          holds,
          raises: holds,
        };
      }),

  consecutive_declines: (threshold, { scores, anonymityThreshold: k, names }) =>
    scores.flatMap((s) => {
      const tracked = trackedSubject(s, names);
      if (!tracked || s.respondents < k || s.mean === null) return [];
      const holds = s.consecutiveDeclines >= (threshold as number);
      return [
        {
          subject: tracked.subject,
          subjectLabel: tracked.label,
          summary: `${tracked.label} declined ${s.consecutiveDeclines} rounds in a row, to ${points(s.mean)}`,
          details: { ...values(s), consecutiveDeclines: s.consecutiveDeclines },
          holds,
          raises: holds,
        },
      ];
    }),

  response_rate: (threshold, { responses, names }) => {
    if (responses.length === 0) return [];
    const respondents = responses.reduce((sum, o) => sum + o.respondents, 0);
    const expected = responses.reduce((sum, o) => sum + o.expectedRespondents, 0);
    const rate = expected > 0 ? respondents / expected : 0;
    const low = rate < (threshold as number);
    const footprint: Observation = {
      subject: 'footprint',
      subjectLabel: 'Response rate',
      summary: `The response rate at close was ${Math.round(rate * 100)}% (${respondents} of ${expected} expected respondents)`,
      details: { rate, respondents, expectedRespondents: expected, organisationsInvited: responses.length },
      holds: low,
      raises: low,
    };
    const silent = responses.map((o) => {
      const name = names.get(o.organisationId) ?? o.organisationId;
      return {
        subject: `organisation:${o.organisationId}`,
        subjectLabel: name,
        summary: `${name} gave no response this round`,
        details: { organisationId: o.organisationId, respondents: o.respondents, expectedRespondents: o.expectedRespondents },
        holds: o.respondents === 0,
        raises: o.respondents === 0,
      };
    });
    return [footprint, ...silent];
  },
};

/**
 * What a round means for a footprint's alerts. A subject raises at most one alert per rule, and
 * none while an alert of an earlier round is still active for it. An active alert resolves when its
 * subject was judged this round and the condition no longer holds; a subject not judged (no score,
 * or too few respondents to show) leaves it as it is. Disabled rules neither raise nor resolve.
 */
export function evaluateRound(rules: readonly RuleSetting[], facts: RoundFacts, active: readonly ActiveAlert[]): Evaluation {
  const raise: Finding[] = [];
  const resolve: string[] = [];
  for (const rule of rules.filter((r) => r.enabled)) {
    const observations = new Map(OBSERVERS[rule.kind](rule.threshold, facts).map((o) => [o.subject, o]));
    const activeHere = active.filter((a) => a.ruleId === rule.id);
    const activeSubjects = new Set(activeHere.map((a) => a.subject));
    for (const o of observations.values()) {
      if (o.raises && !activeSubjects.has(o.subject)) {
        raise.push({ ruleId: rule.id, kind: rule.kind, severity: rule.severity, subject: o.subject, subjectLabel: o.subjectLabel, summary: o.summary, details: o.details });
      }
    }
    for (const alert of activeHere) {
      const observed = observations.get(alert.subject);
      if (observed && !observed.holds) resolve.push(alert.id);
    }
  }
  return { raise, resolve };
}
