/**
 * The alert rules every footprint has (docs/scoring.md, "Alert rules"). A footprint holds one
 * rule of each kind; its leads switch them on and off and set their severity and threshold.
 */
export const RULE_KINDS = ['rhi_drop', 'dimension_concern', 'dyad_decline', 'perception_gap', 'consecutive_declines', 'response_rate'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface RuleDefinition {
  /** What the rule watches, in a lead's words. */
  description: string;
  severity: Severity;
  /** Null for rules that follow the score bands and take no threshold. */
  threshold: number | null;
  /** What the threshold measures and its allowed range; absent when the rule takes none. */
  thresholdUnit?: 'points' | 'rounds' | 'fraction';
  thresholdRange?: readonly [number, number];
}

export const RULE_DEFINITIONS: Record<RuleKind, RuleDefinition> = {
  rhi_drop: {
    description: 'The Relationship Health Index drops by at least the threshold, significantly (Welch p < 0.05)',
    severity: 'critical',
    threshold: 5,
    thresholdUnit: 'points',
    thresholdRange: [1, 100],
  },
  dimension_concern: {
    description: "A dimension enters the 'concern' band (below 50)",
    severity: 'warning',
    threshold: null,
  },
  dyad_decline: {
    description: "A relationship between two members (dyad) enters 'concern' or drops by at least the threshold",
    severity: 'warning',
    threshold: 10,
    thresholdUnit: 'points',
    thresholdRange: [1, 100],
  },
  perception_gap: {
    description: 'NHS and council partners rate each other apart by at least the threshold (perception gap)',
    severity: 'warning',
    threshold: 15,
    thresholdUnit: 'points',
    thresholdRange: [1, 100],
  },
  consecutive_declines: {
    description: 'The index, a dimension or a dyad has declined for at least the threshold of rounds in a row',
    severity: 'warning',
    threshold: 3,
    thresholdUnit: 'rounds',
    thresholdRange: [2, 12],
  },
  response_rate: {
    description: 'The response rate at close is below the threshold, or a member organisation gave no response',
    severity: 'info',
    threshold: 0.4,
    thresholdUnit: 'fraction',
    thresholdRange: [0.01, 1],
  },
};

