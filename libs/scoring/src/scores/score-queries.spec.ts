import { describe, expect, it } from '@jest/globals';
import { countsOf } from './score-queries';

describe('countsOf', () => {
  it.each([
    ['0,0', [0, 0]],
    ['12,0,3', [12, 0, 3]],
    ['250000,1,0,98765,4,0', [250000, 1, 0, 98765, 4, 0]],
    ['7', [7]],
  ])('reads %s', (text, counts) => {
    expect(countsOf(text)).toEqual(counts);
  });
});
