import { isIsoDate, todayInUk } from './iso-date';

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

describe('todayInUk', () => {
  it.each([
    ['2022-06-30T22:59:59Z', '2022-06-30'],
    ['2022-06-30T23:00:00Z', '2022-07-01'],
    ['2022-12-31T23:59:59Z', '2022-12-31'],
  ])('%s is %s in the UK', (instant, expected) => {
    expect(todayInUk(new Date(instant))).toBe(expected);
  });
});
