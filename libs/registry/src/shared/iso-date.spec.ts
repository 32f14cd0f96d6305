import { todayInUk } from './iso-date';

describe('todayInUk', () => {
  it.each([
    ['2022-06-30T22:59:59Z', '2022-06-30'],
    ['2022-06-30T23:00:00Z', '2022-07-01'],
    ['2022-12-31T23:59:59Z', '2022-12-31'],
  ])('%s is %s in the UK', (instant, expected) => {
    expect(todayInUk(new Date(instant))).toBe(expected);
  });
});
