import { isIsoDate, isIsoTimestamp } from './iso-dates';

describe('isIsoDate', () => {
  it.each([
    ['2022-07-01', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2022-02-30', false],
    ['2022-13-01', false],
    ['2022-7-1', false],
    ['20220701', false],
    ['2022-07-01T00:00:00Z', false],
    ['', false],
    [20220701, false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('isIsoTimestamp', () => {
  it.each([
    ['2026-07-01', true],
    ['2026-07-01T08:00Z', true],
    ['2026-07-01T08:00:00Z', true],
    ['2026-07-01T08:00:00.123Z', true],
    ['2026-07-01T08:00:00+01:00', true],
    ['2026-07-01T08:00:00-0530', true],
    ['2026-07-01T08:00:00', true],
    ['2024-02-29T23:59:59Z', true],
    ['2021-02-30', false],
    ['2021-02-30T10:00:00Z', false],
    ['2023-02-29T00:00:00Z', false],
    ['2026-07-01T24:00:00Z', false],
    ['2026-07-01T08:60:00Z', false],
    ['2026-07-01T08:00:61Z', false],
    ['2026-07-01T08:00:00+25:00', false],
    ['2026-W27', false],
    ['2026-182', false],
    ['2026', false],
    ['+275760-09-14T00:00:00Z', false],
    ['2026-07-01 08:00:00Z', false],
    ['not a date', false],
    ['', false],
    [1751356800000, false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isIsoTimestamp(value)).toBe(expected);
  });
});
