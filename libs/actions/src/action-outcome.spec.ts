import { type ScoreView, welchTTest } from '@pp/scoring';
import { gatedFigure, outcomeOf } from './action-outcome';

const BASE = { id: 'r1', period: '2026-Q2' };
const LATER = { id: 'r2', period: '2026-Q3' };

function view(mean: number | null, sd: number | null, n: number, suppressed = false): ScoreView {
  return {
    roundId: 'r',
    period: 'p',
    provisional: false,
    scope: 'dyad',
    subject: 'a>b',
    measure: 'partner_rating',
    organisationId: null,
    partnerOrganisationId: null,
    sector: null,
    partnerSector: null,
    respondents: suppressed ? null : n,
    n: suppressed ? null : n,
    mean: suppressed ? null : mean,
    sd: suppressed ? null : sd,
    ci95: null,
    band: null,
    comparison: null,
    slope: null,
    perceptionGap: null,
    suppressed,
    reason: suppressed ? 'fewer than 5 respondents' : null,
  };
}

describe('gatedFigure', () => {
  it('gives a shown figure its values', () => {
    expect(gatedFigure(BASE, view(55, 10, 8))).toMatchObject({ roundId: 'r1', period: '2026-Q2', status: 'shown', mean: 55, sd: 10, n: 8, respondents: 8 });
  });

  it('gives a withheld figure no value, only the reason', () => {
    expect(gatedFigure(BASE, view(55, 10, 3, true))).toEqual({
      roundId: 'r1', period: '2026-Q2', status: 'withheld', reason: 'fewer than 5 respondents', respondents: null, n: null, mean: null, sd: null, ci95: null, band: null,
    });
  });

  it('says when there is no score at all', () => {
    expect(gatedFigure(BASE, undefined)).toMatchObject({ status: 'not_scored', mean: null });
  });
});

describe('outcomeOf', () => {
  // before, after (mean, sd, n), expected significant and trend
  it.each<[[number, number, number], [number, number, number], boolean, string]>([
    // +20 points over 10 respondents each: p far below 0.05.
    [[45, 8, 10], [65, 8, 10], true, 'improving'],
    [[65, 8, 10], [45, 8, 10], true, 'deteriorating'],
    // +3 points: under the 5-point minimum whatever p.
    [[50, 1, 40], [53, 1, 40], false, 'stable'],
    // +10 points but noisy and small: p above 0.05.
    [[50, 30, 4], [60, 30, 4], false, 'stable'],
  ])('%j → %j: significant %s (%s)', ([m1, s1, n1], [m2, s2, n2], significant, trend) => {
    const outcome = outcomeOf(gatedFigure(BASE, view(m1, s1, n1)), gatedFigure(LATER, view(m2, s2, n2)));
    const p = welchTTest({ n: n2, mean: m2, sd: s2 }, { n: n1, mean: m1, sd: s1 })!.p;
    expect(outcome.change).toEqual({ delta: m2 - m1, pValue: p, significant, trend });
  });

  it('gives no change when either figure is withheld or missing: a change would give a withheld value back', () => {
    const shown = gatedFigure(BASE, view(50, 10, 8));
    expect(outcomeOf(shown, gatedFigure(LATER, view(70, 10, 3, true))).change).toBeNull();
    expect(outcomeOf(gatedFigure(BASE, view(50, 10, 3, true)), shown).change).toBeNull();
    expect(outcomeOf(shown, gatedFigure(LATER, undefined)).change).toBeNull();
  });
});
