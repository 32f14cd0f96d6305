import { favourability, favourabilityShares, optionShares } from './distributions';

describe('favourability', () => {
  it.each([
    [2, false, ['unfavourable', 'favourable']],
    [2, true, ['favourable', 'unfavourable']],
    [3, false, ['unfavourable', 'neutral', 'favourable']],
    [4, false, ['unfavourable', 'unfavourable', 'favourable', 'favourable']],
    [5, false, ['unfavourable', 'unfavourable', 'neutral', 'favourable', 'favourable']],
    [5, true, ['favourable', 'favourable', 'neutral', 'unfavourable', 'unfavourable']],
    [6, false, ['unfavourable', 'unfavourable', 'neutral', 'neutral', 'favourable', 'favourable']],
    [7, false, ['unfavourable', 'unfavourable', 'neutral', 'neutral', 'neutral', 'favourable', 'favourable']],
    [7, true, ['favourable', 'favourable', 'neutral', 'neutral', 'neutral', 'unfavourable', 'unfavourable']],
  ])('places the %i options of a scale (reversed: %s)', (optionCount, reversed, expected) => {
    expect(Array.from({ length: optionCount }, (_, position) => favourability(position, optionCount, reversed))).toEqual(expected);
  });
});

describe('favourabilityShares', () => {
  it('shares the answers with an opinion between the sides of the scale', () => {
    // 1 strongly disagree, 1 disagree, 2 neutral, 4 agree, 2 strongly agree.
    expect(favourabilityShares([1, 1, 2, 4, 2])).toEqual({ favourable: 0.6, neutral: 0.2, unfavourable: 0.2 });
    expect(favourabilityShares([1, 1, 2, 4, 2], true)).toEqual({ favourable: 0.2, neutral: 0.2, unfavourable: 0.6 });
  });

  it('is null when nobody gave an opinion', () => {
    expect(favourabilityShares([0, 0, 0])).toBeNull();
  });
});

describe('optionShares', () => {
  it('counts "don\'t know" among the answers', () => {
    expect(optionShares([3, 1], 1)).toEqual({
      options: [
        { count: 3, share: 0.6 },
        { count: 1, share: 0.2 },
      ],
      dontKnow: { count: 1, share: 0.2 },
    });
  });

  it('gives shares of 0 when nobody answered', () => {
    expect(optionShares([0, 0], 0).options).toEqual([
      { count: 0, share: 0 },
      { count: 0, share: 0 },
    ]);
  });
});
