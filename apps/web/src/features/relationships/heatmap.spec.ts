import { describe, expect, it } from '@jest/globals';
import { AXIS_LABEL_WIDTH, axisPositions, type DyadScore, focusBox, heatmapHeight, heatmapModel, heatmapOption, moveFocus, scoredCells } from './heatmap';

const council = (id: string, name: string) => ({ id, name, sector: 'local_government' });
const trust = (id: string, name: string) => ({ id, name, sector: 'nhs' });
const members = [council('c1', 'Wirral Council'), trust('t1', 'Wirral Trust'), council('c2', 'Halton Council'), trust('t2', 'Alder Hey')];
const dyad = (rater: string, rated: string, fields: Partial<DyadScore> = {}): DyadScore => ({
  organisationId: rater,
  partnerOrganisationId: rated,
  suppressed: false,
  mean: 62.5,
  band: 'moderate',
  respondents: 6,
  ...fields,
});

describe('heatmapModel', () => {
  const model = heatmapModel(members, [
    dyad('c1', 't1'),
    dyad('t1', 'c1', { suppressed: true, mean: null, band: null, respondents: null }),
    // A row the gate marks suppressed keeps nothing, even if a value slipped through.
    dyad('c2', 't1', { suppressed: true, mean: 40, band: 'concern', respondents: 2 }),
    dyad('t2', 'c2', { mean: 80, band: 'strong', respondents: 5 }),
  ]);

  it('orders rows and columns by sector (NHS first), then name', () => {
    expect(model.members.map((m) => m.name)).toEqual(['Alder Hey', 'Wirral Trust', 'Halton Council', 'Wirral Council']);
    expect(model.groups).toEqual([
      { sector: 'nhs', first: 0, count: 2 },
      { sector: 'local_government', first: 2, count: 2 },
    ]);
  });

  it.each([
    ['Wirral Council', 'Wirral Trust', 'scored', 62.5, 'moderate', 6],
    ['Wirral Trust', 'Wirral Council', 'withheld', null, null, null],
    ['Halton Council', 'Wirral Trust', 'withheld', null, null, null],
    ['Alder Hey', 'Halton Council', 'scored', 80, 'strong', 5],
    ['Alder Hey', 'Wirral Council', 'unrated', null, null, null],
    ['Alder Hey', 'Alder Hey', 'self', null, null, null],
  ])('%s → %s is %s', (rater, rated, state, mean, band, respondents) => {
    const row = model.members.findIndex((m) => m.name === rater);
    const column = model.members.findIndex((m) => m.name === rated);
    expect(model.cells[row]![column]).toMatchObject({ state, mean, band, respondents });
  });

  it('puts one heading category before each sector group', () => {
    expect(axisPositions(model)).toEqual([1, 2, 4, 5]);
  });

  it('draws only scored cells, coloured through the band, never withheld ones', () => {
    const option = heatmapOption(model, { sector: (s) => s, tooltip: () => 'tip', raterAxis: 'r', ratedAxis: 'c' }) as {
      series: { data: number[][] }[];
      xAxis: { data: string[] };
    };
    expect(option.xAxis.data).toEqual(['nhs', 'Alder Hey', 'Wirral Trust', 'local_government', 'Halton Council', 'Wirral Council']);
    // [column position, row position, band index]: concern 0, moderate 1, strong 2.
    expect(option.series[0]!.data).toEqual([
      [4, 1, 2],
      [2, 5, 1],
    ]);
    expect(option.series).toHaveLength(1);
    // Item i is scoredCells' cell i: what a click or tooltip on it reads.
    expect(scoredCells(model).map((c) => `${c.rater.name} → ${c.rated.name}`)).toEqual(['Alder Hey → Halton Council', 'Wirral Council → Wirral Trust']);
    expect(JSON.stringify(option.series[0]!.data)).not.toContain('40');
  });

  it('places the keyboard outline over the cell, by its axis positions (headings included)', () => {
    // Row 0 (Alder Hey) sits at position 1 and column 2 (Halton Council) at position 4, of 6 categories.
    const cell = (heatmapHeight(model) - AXIS_LABEL_WIDTH - 16) / 6;
    expect(focusBox(model, { row: 0, column: 2 })).toEqual({
      left: `calc(${AXIS_LABEL_WIDTH}px + (100% - ${AXIS_LABEL_WIDTH + 16}px) * ${4 / 6})`,
      width: `calc((100% - ${AXIS_LABEL_WIDTH + 16}px) / 6)`,
      top: `${AXIS_LABEL_WIDTH + cell}px`,
      height: `${cell}px`,
    });
  });
});

describe('moveFocus', () => {
  const model = heatmapModel(members, []);
  it.each([
    ['ArrowRight', { row: 0, column: 0 }, { row: 0, column: 1 }],
    ['ArrowRight', { row: 0, column: 3 }, { row: 0, column: 3 }],
    ['ArrowLeft', { row: 0, column: 0 }, { row: 0, column: 0 }],
    ['ArrowDown', { row: 1, column: 2 }, { row: 2, column: 2 }],
    ['ArrowUp', { row: 0, column: 2 }, { row: 0, column: 2 }],
    ['Home', { row: 1, column: 2 }, { row: 1, column: 0 }],
    ['End', { row: 1, column: 0 }, { row: 1, column: 3 }],
    ['PageDown', { row: 0, column: 1 }, { row: 2, column: 1 }],
    ['PageDown', { row: 2, column: 1 }, { row: 3, column: 1 }],
    ['PageUp', { row: 3, column: 1 }, { row: 0, column: 1 }],
    ['Tab', { row: 0, column: 1 }, null],
  ])('%s from %j goes to %j', (key, from, to) => {
    expect(moveFocus(model, from, key)).toEqual(to);
  });
});
