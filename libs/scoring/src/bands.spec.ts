import { scoreBand } from './bands';

describe('scoreBand', () => {
  it.each([
    [0, 'concern'],
    [49.999, 'concern'],
    [50, 'moderate'],
    [62.5, 'moderate'],
    [74.999, 'moderate'],
    [75, 'strong'],
    [100, 'strong'],
    [null, null],
  ])('%p → %p', (score, band) => {
    expect(scoreBand(score)).toBe(band);
  });
});
