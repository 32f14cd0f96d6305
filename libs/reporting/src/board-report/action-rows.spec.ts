import { describe, expect, it } from '@jest/globals';
import type { ActionInRound, ActionOutcome, GatedFigure } from '@pp/actions';
import { actionResultText, actionSubject } from './action-rows';

/** A figure as the gate gives it: a mean with its n and sd, or 'withheld'. */
function figure(roundId: string, value: { mean: number; sd: number; n: number } | 'withheld'): GatedFigure {
  const base = { roundId, period: roundId === 'r1' ? '2026-Q2' : '2026-Q3' };
  if (value === 'withheld') return { ...base, status: 'withheld', reason: 'fewer than 5 respondents', respondents: null, n: null, mean: null, sd: null, ci95: null, band: null };
  return { ...base, status: 'shown', reason: null, respondents: value.n, n: value.n, mean: value.mean, sd: value.sd, ci95: null, band: null };
}

/** Before and after, and the change as the trend test judged it (its statistics are action-outcome.spec's). */
function outcomeOf(before: GatedFigure, after: GatedFigure, significant = false): ActionOutcome {
  if (before.mean === null || after.mean === null) return { before, after, change: null };
  const delta = after.mean - before.mean;
  return { before, after, change: { delta, pValue: significant ? 0.001 : 0.4, significant, trend: significant ? (delta > 0 ? 'improving' : 'deteriorating') : 'stable' } as ActionOutcome['change'] };
}

const FIGURE = { scope: 'dimension', subject: '*', measure: 'trust' } as ActionInRound['figure'];

describe('the board report writes an action plan’s result in this round', () => {
  const cases: [name: string, item: Pick<ActionInRound, 'figure' | 'outcomes'>, expected: { beforeNow: string; result: string }][] = [
    ['a figure that improved significantly', { figure: FIGURE, outcomes: [outcomeOf(figure('r1', { mean: 40, sd: 10, n: 60 }), figure('r2', { mean: 55, sd: 10, n: 60 }), true)] }, { beforeNow: '40.0 → 55.0', result: '+15.0, improved significantly' }],
    ['a figure that worsened significantly', { figure: FIGURE, outcomes: [outcomeOf(figure('r1', { mean: 60, sd: 10, n: 60 }), figure('r2', { mean: 50, sd: 10, n: 60 }), true)] }, { beforeNow: '60.0 → 50.0', result: '−10.0, worsened significantly' }],
    ['a change too small to count', { figure: FIGURE, outcomes: [outcomeOf(figure('r1', { mean: 50, sd: 20, n: 8 }), figure('r2', { mean: 52, sd: 20, n: 8 }))] }, { beforeNow: '50.0 → 52.0', result: '+2.0, no significant change' }],
    ['a withheld figure gives neither value nor change', { figure: FIGURE, outcomes: [outcomeOf(figure('r1', { mean: 50, sd: 10, n: 30 }), figure('r2', 'withheld'))] }, { beforeNow: '50.0 → Withheld: fewer than 5 respondents', result: 'Withheld' }],
    ['an action recorded after this round', { figure: FIGURE, outcomes: [] }, { beforeNow: '–', result: 'recorded since: judged from the next round' }],
    ['an action that follows no score', { figure: null, outcomes: [] }, { beforeNow: '–', result: 'follows no score' }],
  ];
  it.each(cases)('%s', (_name, item, expected) => {
    expect(actionResultText(item)).toEqual(expected);
  });
});

describe('the board report names what an action is about', () => {
  const names = { member: (id: string | null) => `Org ${id}`, sector: (s: string | null) => `Sector ${s}`, dimension: (k: string | null) => `Dim ${k}` };
  const action = (fields: Partial<ActionInRound['action']>) => ({ action: { raterOrganisationId: null, ratedOrganisationId: null, raterSector: null, ratedSector: null, dimension: null, ...fields } as ActionInRound['action'] });
  it.each([
    [action({ linkKind: 'alert' }), 'An alert'],
    [action({ linkKind: 'dyad', raterOrganisationId: 'a', ratedOrganisationId: 'b' }), 'Tie Org a → Org b'],
    [action({ linkKind: 'sector_pair', raterSector: 'nhs', ratedSector: 'local_government' }), 'Sectors Sector nhs → Sector local_government'],
    [action({ linkKind: 'dimension', dimension: 'trust' }), 'Dimension: Dim trust'],
  ])('%#', (item, expected) => {
    expect(actionSubject(item, names)).toBe(expected);
  });
});
