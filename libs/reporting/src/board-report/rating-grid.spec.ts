import type { ScoreView } from '@pp/scoring';
import { BAND_COLOURS } from './report-style';
import { ratingGrid } from './rating-grid';

const ROOM = { left: 20, bottom: 30 };
const axisOf = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `m${i}`, label: `M${i}` }));
const rating = (from: string, to: string, mean: number | null, band: string | null, suppressed = false) =>
  ({ organisationId: from, partnerOrganisationId: to, mean, band, suppressed }) as unknown as ScoreView;
const ends = (s: ScoreView): [string | null, string | null] => [s.organisationId, s.partnerOrganisationId];

describe('ratingGrid', () => {
  it('puts each shown rating in its rater’s row and rated’s column, in its band’s colour, with its score', () => {
    // A 128 × 128 box less the room: a 100 × 90 area at (20, 8), so 2 members make 50 × 45 cells.
    const grid = ratingGrid(axisOf(2), [rating('m0', 'm1', 72.46, 'moderate'), rating('m1', 'm0', 80, 'strong')], ends, 128, 128, ROOM);
    expect(grid.area).toEqual({ x: 20, y: 8, width: 100, height: 90 });
    expect(grid.cells).toEqual([
      { x: 70, y: 8, width: 50, height: 45, colour: BAND_COLOURS.moderate, label: '72' }, // 72.46: rounded once, not to 72.5 first
      { x: 20, y: 53, width: 50, height: 45, colour: BAND_COLOURS.strong, label: '80' },
    ]);
    expect(grid.raters).toEqual([{ text: 'M0', x: 16, y: 30.5 }, { text: 'M1', x: 16, y: 75.5 }]);
    expect(grid.rated).toEqual([{ text: 'M0', x: 45, y: 102 }, { text: 'M1', x: 95, y: 102 }]);
  });

  it.each<[string, ScoreView]>([
    ['withheld by the gate', rating('m0', 'm1', 60, 'moderate', true)],
    ['with no mean', rating('m0', 'm1', null, 'moderate')],
    ['with no band', rating('m0', 'm1', 60, null)],
    ['of a rater off the axis', rating('x', 'm1', 60, 'moderate')],
    ['of someone rated off the axis', rating('m0', 'x', 60, 'moderate')],
  ])('draws no cell for a rating %s: never a colour for a withheld figure', (_name, score) => {
    expect(ratingGrid(axisOf(2), [score], ends, 128, 128, ROOM).cells).toEqual([]);
  });

  it('writes no score and no border on a grid of more than 24 rows, and smaller labels', () => {
    const dense = ratingGrid(axisOf(25), [rating('m0', 'm1', 60, 'concern')], ends, 300, 300, ROOM);
    expect([dense.detailed, dense.fontSize, dense.cells[0]?.label, dense.cells[0]?.colour]).toEqual([false, 5, null, BAND_COLOURS.concern]);
    const detailed = ratingGrid(axisOf(24), [rating('m0', 'm1', 60, 'concern')], ends, 300, 300, ROOM);
    expect([detailed.detailed, detailed.fontSize, detailed.cells[0]?.label]).toEqual([true, 9, '60']);
  });
});
