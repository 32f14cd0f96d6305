import { nestsDeeperThan } from './json-depth';

describe('nestsDeeperThan', () => {
  const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    ['{}', 1, false],
    ['{}', 0, true],
    ['1', 0, false],
    ['"text"', 0, false],
    [arrays(32), 32, false],
    [arrays(33), 32, true],
    [objects(32), 32, false],
    [objects(33), 32, true],
    ['[{"a":[{"b":[]}]}]', 5, false],
    ['[{"a":[{"b":[]}]}]', 4, true],
    ['[[],[],[],[]]', 2, false],
    // Brackets inside strings, also after escaped quotes and backslashes, are text.
    [`{"a":"${'['.repeat(100)}"}`, 1, false],
    [`{"a":"\\"${'{'.repeat(100)}"}`, 1, false],
    [`{"a":"\\\\","b":[[1]]}`, 2, true],
    // Unterminated text counts as far as it goes; the parser refuses it.
    ['['.repeat(5000), 32, true],
    ['{"a":"[[[[', 1, false],
  ])('%s within %d → %s', (text, limit, expected) => {
    expect(nestsDeeperThan(text, limit)).toBe(expected);
  });

  it('reads 5,000 levels without recursing', () => {
    expect(nestsDeeperThan(objects(5000), 32)).toBe(true);
    expect(nestsDeeperThan(arrays(5000), 10_000)).toBe(false);
  });
});
