import { RULE_DEFINITIONS, RULE_KINDS, type RuleKind } from '../rules/rule-kinds';
import { type ActiveAlert, evaluateRound, type OrganisationResponses, type RoundFacts, type RuleSetting, type ScoreFact } from './evaluate-rules';

const COUNCIL = 'c0000000-0000-4000-8000-000000000001';
const TRUST = 'c0000000-0000-4000-8000-000000000002';

function score(fields: Partial<ScoreFact>): ScoreFact {
  return {
    scope: 'footprint',
    subject: 'footprint',
    measure: 'rhi',
    previousRoundId: null,
    organisationId: null,
    partnerOrganisationId: null,
    sector: null,
    partnerSector: null,
    respondents: 20,
    mean: 70,
    previousMean: 72,
    previousRespondents: 20,
    delta: -2,
    pValue: 0.4,
    significant: false,
    consecutiveDeclines: 1,
    perceptionGap: null,
    gapRespondents: null,
    ...fields,
  };
}

const rhi = (fields: Partial<ScoreFact>) => score(fields);
const dimension = (measure: string, fields: Partial<ScoreFact>) => score({ scope: 'dimension', subject: 'footprint', measure, ...fields });
const dyad = (fields: Partial<ScoreFact>) =>
  score({ scope: 'dyad', subject: `${COUNCIL}>${TRUST}`, measure: 'partner_rating', organisationId: COUNCIL, partnerOrganisationId: TRUST, ...fields });
const nhsToCouncil = (fields: Partial<ScoreFact>) =>
  score({ scope: 'sector_pair', subject: 'nhs>local_government', measure: 'partner_rating', sector: 'nhs', partnerSector: 'local_government', gapRespondents: 20, ...fields });

function rule(kind: RuleKind, fields: Partial<RuleSetting> = {}): RuleSetting {
  const definition = RULE_DEFINITIONS[kind];
  return { id: `rule-${kind}`, kind, enabled: true, severity: definition.severity, threshold: definition.threshold, ...fields };
}

function facts(scores: ScoreFact[], responses: OrganisationResponses[] = [], k = 5): RoundFacts {
  return { anonymityThreshold: k, scores, responses, names: new Map([[COUNCIL, 'Wirral Council'], [TRUST, 'Wirral University Teaching Hospital']]) };
}

const responded = (organisationId: string, respondents: number, expectedRespondents = 5) => ({ organisationId, respondents, expectedRespondents });

/** Subjects raised by one rule alone over `scores`, with no alert active. */
function raised(kind: RuleKind, scores: ScoreFact[], options: { threshold?: number; responses?: OrganisationResponses[]; k?: number } = {}): string[] {
  const setting = rule(kind, options.threshold === undefined ? {} : { threshold: options.threshold });
  return evaluateRound([setting], facts(scores, options.responses, options.k), []).raise.map((f) => f.subject);
}

describe('alert rules', () => {
  it('defines every kind with a default severity and a threshold inside its range', () => {
    for (const kind of RULE_KINDS) {
      const { threshold, thresholdRange } = RULE_DEFINITIONS[kind];
      if (threshold !== null) expect(threshold).toBeGreaterThanOrEqual(thresholdRange?.[0] as number);
      if (threshold !== null) expect(threshold).toBeLessThanOrEqual(thresholdRange?.[1] as number);
    }
  });

  it.each<[string, RuleKind, ScoreFact[], string[], { threshold?: number; responses?: OrganisationResponses[]; k?: number }]>([
    ['RHI drop of 5, significant', 'rhi_drop', [rhi({ mean: 60, previousMean: 65, delta: -5, significant: true, pValue: 0.01 })], ['footprint'], {}],
    // Exactly on a threshold by the rules, computed a hair short of it (14/3 − 29/3 = −4.999999999999999).
    ['RHI drop of exactly 5 in thirds, significant', 'rhi_drop', [rhi({ delta: 14 / 3 - 29 / 3, significant: true })], ['footprint'], {}],
    ['RHI drop of 8, not significant', 'rhi_drop', [rhi({ mean: 57, previousMean: 65, delta: -8, significant: false, pValue: 0.2 })], [], {}],
    ['RHI drop of 4.9, significant', 'rhi_drop', [rhi({ delta: -4.9, significant: true })], [], {}],
    ['RHI rise of 9, significant', 'rhi_drop', [rhi({ delta: 9, significant: true })], [], {}],
    ['RHI drop of 8 against a threshold of 10', 'rhi_drop', [rhi({ delta: -8, significant: true })], [], { threshold: 10 }],
    ['RHI drop with a previous round below k', 'rhi_drop', [rhi({ delta: -9, significant: true, previousRespondents: 3 })], [], {}],
    ['dimension enters concern', 'dimension_concern', [dimension('trust', { mean: 49.9, previousMean: 55 })], ['dimension:trust'], {}],
    ['dimension stays in concern', 'dimension_concern', [dimension('trust', { mean: 40, previousMean: 45 })], [], {}],
    ['dimension in concern in its first round', 'dimension_concern', [dimension('trust', { mean: 40, previousMean: null, delta: null })], ['dimension:trust'], {}],
    ['dimension on the band boundary (50 is moderate)', 'dimension_concern', [dimension('trust', { mean: 50, previousMean: 60 })], [], {}],
    ['dimension at exactly 50 summed from thirds (49.99999999999999) is moderate', 'dimension_concern', [dimension('trust', { mean: [8, 7, 10, 2, 11, 8, 1, 1].reduce((sum, k) => sum + (25 * k) / 3, 0) / 8, previousMean: 60 })], [], {}],
    ['dimension in concern below k respondents', 'dimension_concern', [dimension('trust', { mean: 30, respondents: 4 })], [], {}],
    ['dyad drops 10 points, still moderate', 'dyad_decline', [dyad({ mean: 62, previousMean: 72, delta: -10 })], [`dyad:${COUNCIL}>${TRUST}`], {}],
    ['dyad enters concern after a small drop', 'dyad_decline', [dyad({ mean: 48, previousMean: 52, delta: -4 })], [`dyad:${COUNCIL}>${TRUST}`], {}],
    ['dyad drops exactly 10 points in sevenths (computed −9.999999999999993), still moderate', 'dyad_decline', [dyad({ mean: 421 / 7, previousMean: 491 / 7, delta: 421 / 7 - 491 / 7 })], [`dyad:${COUNCIL}>${TRUST}`], {}],
    ['dyad drops 9 points, still moderate', 'dyad_decline', [dyad({ mean: 63, previousMean: 72, delta: -9 })], [], {}],
    ['dyad stays in concern without a big drop', 'dyad_decline', [dyad({ mean: 40, previousMean: 42, delta: -2 })], [], {}],
    ['dyad of fewer respondents than k', 'dyad_decline', [dyad({ mean: 20, previousMean: 80, delta: -60, respondents: 2 })], [], { k: 3 }],
    ['NHS rates councils 15 higher', 'perception_gap', [nhsToCouncil({ perceptionGap: 15 })], ['sector_pair:nhs>local_government'], {}],
    ['councils rate the NHS 20 higher', 'perception_gap', [nhsToCouncil({ perceptionGap: -20 })], ['sector_pair:nhs>local_government'], {}],
    ['a gap of exactly 15 in thirds (computed 14.999999999999998)', 'perception_gap', [nhsToCouncil({ perceptionGap: 49 / 3 - 4 / 3 })], ['sector_pair:nhs>local_government'], {}],
    ['a gap of 14.9', 'perception_gap', [nhsToCouncil({ perceptionGap: 14.9 })], [], {}],
    ['a gap whose reverse direction is below k', 'perception_gap', [nhsToCouncil({ perceptionGap: 30, gapRespondents: 2 })], [], {}],
    ['a gap between other sectors', 'perception_gap', [nhsToCouncil({ sector: 'voluntary', perceptionGap: 30 })], [], {}],
    ['three declines of the index', 'consecutive_declines', [rhi({ consecutiveDeclines: 3 })], ['footprint'], {}],
    ['three declines of a dimension and a dyad', 'consecutive_declines', [dimension('delivery', { consecutiveDeclines: 4 }), dyad({ consecutiveDeclines: 3 })], ['dimension:delivery', `dyad:${COUNCIL}>${TRUST}`], {}],
    ['two declines', 'consecutive_declines', [rhi({ consecutiveDeclines: 2 })], [], {}],
    ['three declines of a sector (not watched)', 'consecutive_declines', [score({ scope: 'sector', subject: 'nhs', consecutiveDeclines: 5 })], [], {}],
    ['response rate of 39%', 'response_rate', [], ['footprint'], { responses: [responded(COUNCIL, 39, 100)] }],
    ['response rate of 40%', 'response_rate', [], [], { responses: [responded(COUNCIL, 2), responded(TRUST, 2)] }],
    ['a member with no response (rate 50%)', 'response_rate', [], [`organisation:${TRUST}`], { responses: [responded(COUNCIL, 5), responded(TRUST, 0)] }],
    ['a low rate and a silent member', 'response_rate', [], ['footprint', `organisation:${TRUST}`], { responses: [responded(COUNCIL, 3, 10), responded(TRUST, 0)] }],
    ['no member invited', 'response_rate', [], [], {}],
  // Every row has all five columns: a shorter row would make Jest take the last parameter for `done`.
  ])('%s', (_case, kind, scores, expected, options) => {
    expect(raised(kind, scores, options)).toEqual(expected);
  });

  it('raises nothing for a disabled rule', () => {
    const evaluation = evaluateRound([rule('rhi_drop', { enabled: false })], facts([rhi({ delta: -20, significant: true })]), []);
    expect(evaluation).toEqual({ raise: [], resolve: [] });
  });

  it('carries the rule, its severity, words a lead reads and the values behind them', () => {
    const [finding] = evaluateRound([rule('dyad_decline', { severity: 'critical' })], facts([dyad({ mean: 45, previousMean: 58, delta: -13 })]), []).raise;
    expect(finding).toMatchObject({
      ruleId: 'rule-dyad_decline',
      kind: 'dyad_decline',
      severity: 'critical',
      subjectLabel: 'Wirral Council → Wirral University Teaching Hospital',
      summary: 'Wirral Council → Wirral University Teaching Hospital fell 13.0 points to 45.0, in the concern band',
      details: { mean: 45, previousMean: 58, delta: -13, band: 'concern', previousBand: 'moderate', organisationId: COUNCIL, partnerOrganisationId: TRUST },
    });
  });

  describe('against alerts still active from earlier rounds', () => {
    const dyadRule = rule('dyad_decline');
    const active: ActiveAlert[] = [{ id: 'alert-1', ruleId: dyadRule.id, subject: `dyad:${COUNCIL}>${TRUST}` }];

    it.each<[string, ScoreFact[], { raise: string[]; resolve: string[] }]>([
      ['the condition still holds: no second alert, the first stays', [dyad({ mean: 40, previousMean: 45, delta: -5 })], { raise: [], resolve: [] }],
      ['it dropped again by 10: still one alert', [dyad({ mean: 30, previousMean: 45, delta: -15 })], { raise: [], resolve: [] }],
      ['the condition cleared: resolved', [dyad({ mean: 55, previousMean: 45, delta: 10 })], { raise: [], resolve: ['alert-1'] }],
      ['the dyad was not rated this round: left as it is', [], { raise: [], resolve: [] }],
      ['the dyad fell below k: left as it is', [dyad({ mean: 70, previousMean: 45, delta: 25, respondents: 2 })], { raise: [], resolve: [] }],
    ])('%s', (_case, scores, expected) => {
      const evaluation = evaluateRound([dyadRule], facts(scores), active);
      expect({ raise: evaluation.raise.map((f) => f.subject), resolve: evaluation.resolve }).toEqual(expected);
    });

    it('leaves the alerts of a disabled rule alone', () => {
      expect(evaluateRound([{ ...dyadRule, enabled: false }], facts([dyad({ mean: 80, previousMean: 45, delta: 35 })]), active).resolve).toEqual([]);
    });

    it('judges each rule on its own subjects only', () => {
      const evaluation = evaluateRound([dyadRule, rule('consecutive_declines')], facts([dyad({ mean: 80, previousMean: 45, delta: 35, consecutiveDeclines: 0 })]), [
        ...active,
        { id: 'alert-2', ruleId: 'rule-consecutive_declines', subject: 'footprint' },
      ]);
      expect(evaluation.resolve).toEqual(['alert-1']);
    });
  });
});
