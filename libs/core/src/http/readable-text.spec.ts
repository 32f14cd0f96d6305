import { unreadableFields, unreadableText } from './readable-text';

describe('unreadableText', () => {
  it.each([
    ['Halton Borough Council', null],
    ['Tabs\tand\r\nnew lines are text', null],
    ['Café – “quoted” 😀', null],
    ['', null],
    ['a\u0000b', 'contains the control character U+0000'],
    ['\u0001', 'contains the control character U+0001'],
    ['esc \u001b[31m', 'contains the control character U+001B'],
    ['del\u007f', 'contains the control character U+007F'],
    ['form\u000cfeed', 'contains the control character U+000C'],
    ['line one\nline \u0000two', 'contains the control character U+0000 on line 2'],
    ['\ud800', 'is not valid Unicode text (a lone UTF-16 surrogate)'],
    ['x\udc00y', 'is not valid Unicode text (a lone UTF-16 surrogate)'],
    ['\ud83d\ude00\ud83d', 'is not valid Unicode text (a lone UTF-16 surrogate)'],
  ])('%j → %j', (text, expected) => {
    expect(unreadableText(text)).toBe(expected);
  });
});

describe('unreadableFields', () => {
  it('names each bad string by its path, and keys that are not text', () => {
    const body = { displayName: 'a\u0000b', answers: { comments: 'ok', other: ['fine', '\u0007'] }, ['k\u0000']: 'v', count: 3, none: null };
    expect(unreadableFields(body, 'body')).toEqual([
      { field: 'displayName', problem: 'contains the control character U+0000' },
      { field: 'answers.other.1', problem: 'contains the control character U+0007' },
      { field: 'k\\u0000', problem: 'has a name that contains the control character U+0000' },
    ]);
  });

  it('names a part that is a string itself by the root name', () => {
    expect(unreadableFields('code,name\nX1,\u0000', 'body')).toEqual([{ field: 'body', problem: 'contains the control character U+0000 on line 2' }]);
    expect(unreadableFields({ q: ['a', 'b\u0001'] }, 'query')).toEqual([{ field: 'q.1', problem: 'contains the control character U+0001' }]);
  });

  it('finds nothing in readable input, and stops at twenty problems', () => {
    expect(unreadableFields({ a: 'x', b: [1, true, null, { c: 'y' }] }, 'body')).toEqual([]);
    expect(unreadableFields(Array.from({ length: 50 }, () => '\u0000'), 'body')).toHaveLength(20);
  });
});
