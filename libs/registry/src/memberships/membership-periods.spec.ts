import { describePeriod, firstOverlap, isMemberAt, Period, periodsOverlap } from './membership-periods';

const p = (from: string, to: string | null = null): Period => ({ from, to });

describe('periodsOverlap', () => {
  it.each<[Period, Period, boolean]>([
    [p('2016-04-01', '2022-06-30'), p('2022-07-01'), false],
    [p('2016-04-01', '2022-06-30'), p('2022-06-30'), true],
    [p('2016-04-01'), p('2022-07-01'), true],
    [p('2016-04-01', '2018-03-31'), p('2018-04-01', '2020-03-31'), false],
    [p('2016-04-01', '2020-03-31'), p('2018-04-01', '2018-04-30'), true],
    [p('2020-01-01', '2020-01-01'), p('2020-01-01', '2020-01-01'), true],
    [p('2022-07-01'), p('2016-04-01', '2022-06-30'), false],
  ])('%j and %j → %s', (a, b, expected) => {
    expect(periodsOverlap(a, b)).toBe(expected);
    expect(periodsOverlap(b, a)).toBe(expected);
  });
});

describe('firstOverlap', () => {
  it('finds the first period that overlaps', () => {
    const others = [p('2010-01-01', '2012-12-31'), p('2015-01-01', '2016-12-31'), p('2016-01-01')];
    expect(firstOverlap(p('2016-06-01', '2016-06-30'), others)).toBe(others[1]);
    expect(firstOverlap(p('2013-01-01', '2014-12-31'), others)).toBeUndefined();
  });
});

describe('isMemberAt', () => {
  it.each<[Period, string, boolean]>([
    [p('2016-04-01', '2022-06-30'), '2022-06-30', true],
    [p('2016-04-01', '2022-06-30'), '2022-07-01', false],
    [p('2022-07-01'), '2022-06-30', false],
    [p('2022-07-01'), '2022-07-01', true],
    [p('2022-07-01'), '2099-01-01', true],
  ])('%j at %s → %s', (period, date, expected) => {
    expect(isMemberAt(period, date)).toBe(expected);
  });
});

describe('describePeriod', () => {
  it('says whether a period has ended', () => {
    expect(describePeriod(p('2022-07-01'))).toBe('from 2022-07-01');
    expect(describePeriod(p('2016-04-01', '2022-06-30'))).toBe('from 2016-04-01 to 2022-06-30');
  });
});
