import { describe, expect, it } from '@jest/globals';
import { isoFromLocal, localFromIso, parseAddresses, problemsByField, quarterOf } from './form-input';

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

describe('problemsByField', () => {
  const problem = (errors: { field: string; problem: string; row?: number }[], detail = 'Invalid request') => ({ type: 'about:blank', title: 'Bad Request', status: 400, detail, instance: '/x', requestId: 'r', errors });
  const fields = { period: 'round-period', closesAt: 'round-closes' };

  it.each([
    ['a field of the form', [{ field: 'period', problem: 'already has a round in this footprint' }], { 'round-period': 'period already has a round in this footprint' }],
    ['two problems of one field joined', [{ field: 'closesAt', problem: 'must be after opensAt' }, { field: 'closesAt', problem: 'has passed' }], { 'round-closes': 'closesAt must be after opensAt; closesAt has passed' }],
    ['a field the form lacks goes to the fallback', [{ field: 'instrumentId', problem: 'must be a UUID' }], { 'round-form': 'instrumentId must be a UUID' }],
    ['a row of a file', [{ field: 'respondent_role', problem: 'must be one of …', row: 2 }], { 'round-form': 'row 2, respondent_role: must be one of …' }],
  ])('%s', (_case, errors, expected) => {
    expect(problemsByField(problem(errors), fields, 'round-form')).toEqual(expected);
  });

  it('falls back to the detail when no field is named', () => {
    expect(problemsByField(problem([], 'The round is closed'), fields, 'round-form')).toEqual({ 'round-form': 'The round is closed' });
  });
});
