import { describe, expect, it } from '@jest/globals';
import { isoFromLocal, localFromIso, parseAddresses, quarterOf } from './form-input';

describe('parseAddresses', () => {
  it.each([
    ['one a line', 'a@x.org\nb@y.nhs.uk\n', ['a@x.org', 'b@y.nhs.uk'], []],
    ['commas, semicolons and spaces', ' a@x.org, b@y.org;c@z.org  d@w.org ', ['a@x.org', 'b@y.org', 'c@z.org', 'd@w.org'], []],
    ['not addresses kept apart', 'a@x.org\nBob Smith\nb@nowhere', ['a@x.org'], ['Bob', 'Smith', 'b@nowhere']],
    ['nothing', ' \n ', [], []],
  ])('%s', (_case, text, addresses, invalid) => {
    expect(parseAddresses(text)).toEqual({ addresses, invalid });
  });
});

describe('dates and quarters', () => {
  it('reads a datetime-local value in the browser’s zone and writes it back', () => {
    const iso = isoFromLocal('2026-07-01T08:30');
    expect(iso).toBe(new Date(2026, 6, 1, 8, 30).toISOString());
    expect(localFromIso(iso!)).toBe('2026-07-01T08:30');
  });

  it.each(['', '2026-07-01', 'tomorrow', '2026-13-45T99:99'])('refuses %j', (value) => {
    expect(isoFromLocal(value)).toBeNull();
  });

  it.each([
    [new Date(2026, 0, 1), '2026-Q1'],
    [new Date(2026, 2, 31), '2026-Q1'],
    [new Date(2026, 3, 1), '2026-Q2'],
    [new Date(2026, 8, 30), '2026-Q3'],
    [new Date(2026, 11, 31), '2026-Q4'],
  ])('%s is in %s', (date, quarter) => {
    expect(quarterOf(date)).toBe(quarter);
  });
});
