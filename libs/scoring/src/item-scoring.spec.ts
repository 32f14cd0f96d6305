import {
  dimensionScores,
  relationshipHealthIndex,
  scoreAnswer,
  scoreOption,
  type DimensionAnswer,
  type DimensionWeights,
  type ItemAnswer,
} from './item-scoring';

describe('scoreOption', () => {
  it.each([
    // 5 options: steps of 100/4 = 25
    [0, 5, false, 0],
    [1, 5, false, 25],
    [2, 5, false, 50],
    [3, 5, false, 75],
    [4, 5, false, 100],
    // 3 options: steps of 50; 4 options: steps of 100/3; 7 options: steps of 100/6
    [1, 3, false, 50],
    [2, 4, false, 200 / 3],
    [1, 7, false, 100 / 6],
    [0, 2, false, 0],
    [1, 2, false, 100],
    // reversed: 100 − score
    [1, 5, true, 75],
    [4, 5, true, 0],
    [1, 4, true, 100 - 100 / 3],
  ])('position %p of %p options (reversed %p) scores %p', (position, optionCount, reversed, expected) => {
    expect(scoreOption(position, optionCount, reversed)).toBeCloseTo(expected, 12);
  });

  it.each([
    [5, 5],
    [-1, 5],
    [1.5, 5],
    [0, 1],
    [0, 2.5],
  ])('rejects position %p of %p options', (position, optionCount) => {
    expect(() => scoreOption(position, optionCount)).toThrow(RangeError);
  });
});

describe('scoreAnswer', () => {
  it.each<[ItemAnswer, number | null]>([
    [{ type: 'scale', position: 3, optionCount: 5 }, 75],
    [{ type: 'scale', position: 3, optionCount: 5, reversed: true }, 25],
    [{ type: 'yes_no', yes: true }, 100],
    [{ type: 'yes_no', yes: false }, 0],
    [{ type: 'yes_no', yes: true, reversed: true }, 0],
    [{ type: 'dont_know' }, null],
  ])('%j scores %p', (answer, expected) => {
    expect(scoreAnswer(answer)).toBe(expected);
  });
});

describe('dimensionScores', () => {
  const scale = (position: number, reversed = false): ItemAnswer => ({
    type: 'scale',
    position,
    optionCount: 5,
    reversed,
  });

  it.each<[string, DimensionAnswer[], Record<string, number | null>]>([
    ['nothing answered', [], {}],
    [
      // trust: 75 and reversed 100 → 0, 'don't know' left out: (75 + 0)/2 = 37.5
      // shared_purpose: 50 and yes = 100: 75; involvement: only 'don't know', so null
      'a respondent',
      [
        { dimension: 'trust', answer: scale(3) },
        { dimension: 'trust', answer: scale(4, true) },
        { dimension: 'trust', answer: { type: 'dont_know' } },
        { dimension: 'shared_purpose', answer: scale(2) },
        { dimension: 'shared_purpose', answer: { type: 'yes_no', yes: true } },
        { dimension: 'involvement', answer: { type: 'dont_know' } },
      ],
      { trust: 37.5, shared_purpose: 75, involvement: null },
    ],
  ])('%s', (_name, answers, expected) => {
    expect(dimensionScores(answers)).toEqual(expected);
  });
});

describe('relationshipHealthIndex', () => {
  it.each<[string, Record<string, number | null>, DimensionWeights | undefined, number | null]>([
    ['equal weights by default: (37.5 + 75)/2', { trust: 37.5, shared_purpose: 75 }, undefined, 56.25],
    // involvement's weight 5 goes with its missing score: (2·37.5 + 1·75)/(2 + 1) = 150/3
    [
      'unscored dimensions out, weights renormalised',
      { trust: 37.5, shared_purpose: 75, involvement: null },
      { trust: 2, shared_purpose: 1, involvement: 5 },
      50,
    ],
    // unnamed dimensions weigh 1: (3·40 + 80 + 60)/(3 + 1 + 1) = 260/5
    ['partial weights', { trust: 40, delivery: 80, communication: 60 }, { trust: 3 }, 52],
    ['a zero weight drops a dimension', { trust: 40, delivery: 80 }, { delivery: 0 }, 40],
    ['no dimension scored', { trust: null, delivery: null }, undefined, null],
    ['no dimensions', {}, undefined, null],
    ['only zero weights left', { trust: 50 }, { trust: 0 }, null],
  ])('%s', (_name, scores, weights, expected) => {
    expect(relationshipHealthIndex(scores, weights)).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects a weight of %p', (weight) => {
    expect(() => relationshipHealthIndex({ trust: 50 }, { trust: weight })).toThrow(RangeError);
  });
});
