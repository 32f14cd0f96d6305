import { describe, expect, it } from '@jest/globals';
import { middleHalves, ownPoints } from './chart';

const shown = (measure: string, value: number, lq: number, median: number, uq: number) => ({ measure, withheld: false, value, cutPoints: { lowerQuartile: lq, median, upperQuartile: uq } });
const withheld = (measure: string, value: number | null) => ({ measure, withheld: true, value, cutPoints: null });

describe('benchmark chart', () => {
  it.each([
    ['a shown figure: its middle half with collapsed whiskers', [shown('rhi', 61.26, 52, 58, 66)], [[52, 52, 58, 66, 66]], [[61.3, 0]]],
    ['a withheld figure: no box and no point, even with its own value known', [withheld('rhi', 61.26)], [null], [null]],
    ['rows keep their place around a withheld one', [withheld('rhi', null), shown('trust', 70, 60, 65, 72)], [null, [60, 60, 65, 72, 72]], [null, [70, 1]]],
  ])('%s', (_name, figures, boxes, points) => {
    expect(middleHalves(figures)).toEqual(boxes);
    expect(ownPoints(figures)).toEqual(points);
  });
});
