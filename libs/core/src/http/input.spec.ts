import { containsPattern, toBoolean, trim } from './input';

describe('containsPattern', () => {
  it.each([
    ['Wirral', '%Wirral%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['c:\\x', '%c:\\\\x%'],
  ])('%s → %s', (term, pattern) => {
    expect(containsPattern(term)).toBe(pattern);
  });
});

describe('toBoolean', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['yes', 'yes'],
    [undefined, undefined],
  ])('%j → %j', (value, expected) => {
    expect(toBoolean({ value } as never)).toBe(expected);
  });
});

describe('trim', () => {
  it.each([
    ['  Halton Borough Council ', 'Halton Borough Council'],
    ['   ', ''],
    [42, 42],
  ])('%j → %j', (value, expected) => {
    expect(trim({ value } as never)).toBe(expected);
  });
});
