import type { ScoreView } from '@pp/scoring';
import { changeText, scoreText } from './figures';
import { tieChanges } from './tie-changes';

/** A dyad as the gate shows it: [rater, rated, mean, delta]; null delta: no earlier round; 'withheld': the gate withholds it. */
type Tie = [from: string, to: string, mean: number | 'withheld', delta: number | null | 'withheld'];

function dyad([from, to, mean, delta]: Tie): ScoreView {
  const shown = mean !== 'withheld';
  return {
    roundId: 'r2',
    period: '2026-Q3',
    provisional: false,
    scope: 'dyad',
    subject: `${from}>${to}`,
    measure: 'partner_rating',
    organisationId: from,
    partnerOrganisationId: to,
    sector: null,
    partnerSector: null,
    suppressed: !shown,
    reason: shown ? null : 'fewer than 5 respondents',
    respondents: shown ? 6 : null,
    n: shown ? 6 : null,
    mean: shown ? mean : null,
    sd: null,
    ci95: null,
    band: null,
    comparison:
      delta === null
        ? null
        : {
            previousRoundId: 'r1',
            suppressed: delta === 'withheld' || !shown,
            reason: delta === 'withheld' || !shown ? 'fewer than 5 respondents' : null,
            previousMean: delta === 'withheld' || !shown ? null : (mean as number) - delta,
            delta: delta === 'withheld' || !shown ? null : delta,
            pValue: null,
            significant: null,
            trend: null,
            consecutiveDeclines: null,
          },
    slope: null,
    perceptionGap: null,
  };
}

const pairs = (list: { organisationId: string; partnerOrganisationId: string; delta: number }[]) => list.map((t) => `${t.organisationId}>${t.partnerOrganisationId} ${t.delta}`);

describe('tieChanges', () => {
  it.each<[string, Tie[], number, string[], string[]]>([
    ['nothing to compare in a first round', [['a', 'b', 60, null]], 5, [], []],
    ['ranks rises and falls apart, largest first', [['a', 'b', 60, 4], ['b', 'a', 50, -12], ['a', 'c', 70, 9], ['c', 'a', 40, -3]], 5, ['a>c 9', 'a>b 4'], ['b>a -12', 'c>a -3']],
    ['keeps the five largest of each', [1, 2, 3, 4, 5, 6].map((d) => [`m${d}`, 'x', 60, d] as Tie), 5, ['m6>x 6', 'm5>x 5', 'm4>x 4', 'm3>x 3', 'm2>x 2'], []],
    ['never ranks a withheld tie or a withheld change', [['a', 'b', 'withheld', 20], ['b', 'a', 55, 'withheld'], ['a', 'c', 62, 1]], 5, ['a>c 1'], []],
    ['leaves out ties with no change', [['a', 'b', 60, 0]], 5, [], []],
    ['orders equal changes by the pair, the same every time', [['c', 'a', 60, -5], ['a', 'c', 60, -5], ['b', 'a', 60, -5]], 2, [], ['a>c -5', 'b>a -5']],
  ])('%s', (_name, ties, count, improved, deteriorated) => {
    const changes = tieChanges(ties.map(dyad), count);
    expect(pairs(changes.improved)).toEqual(improved);
    expect(pairs(changes.deteriorated)).toEqual(deteriorated);
  });
});

describe('tieChanges page by page', () => {
  const round: Tie[] = [
    ['a', 'b', 60, 4],
    ['b', 'a', 50, -12],
    ['a', 'c', 70, 9],
    ['c', 'a', 40, -3],
    ['b', 'c', 55, 9],
    ['c', 'b', 45, -12],
    ['d', 'a', 62, 'withheld'],
    ['a', 'd', 'withheld', -30],
    ['d', 'b', 61, 1],
    ['b', 'd', 58, -1],
    ['d', 'c', 66, 0],
  ];
  it.each<[string, number, number]>([
    ['pages of one', 1, 2],
    ['pages of three', 3, 2],
    ['pages of four, top three', 4, 3],
    ['one page', round.length, 5],
  ])('ranks the same ties as the whole round at once: %s', (_name, pageSize, count) => {
    const whole = tieChanges(round.map(dyad), count);
    let paged = tieChanges([], count);
    for (let i = 0; i < round.length; i += pageSize) paged = tieChanges(round.slice(i, i + pageSize).map(dyad), count, paged);
    expect(paged).toEqual(whole);
    expect(paged.improved.length).toBeLessThanOrEqual(count);
  });
});

describe('figures as the report writes them', () => {
  it.each<[string, Tie, string, string]>([
    ['a shown score and rise', ['a', 'b', 62.345, 4.06], '62.3', '+4.1'],
    ['a fall', ['a', 'b', 40, -7.25], '40.0', '−7.3'],
    ['no earlier round', ['a', 'b', 55, null], '55.0', 'no earlier round'],
    ['a withheld score: the gate’s reason, no figure', ['a', 'b', 'withheld', 3], 'Withheld: fewer than 5 respondents', '–'],
    ['a withheld change beside a shown score', ['a', 'b', 71, 'withheld'], '71.0', 'Withheld: fewer than 5 respondents'],
  ])('%s', (_name, tie, score, change) => {
    const view = dyad(tie);
    expect(scoreText(view)).toBe(score);
    expect(changeText(view)).toBe(change);
  });
});
