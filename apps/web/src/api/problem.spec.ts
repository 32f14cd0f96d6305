import { describe, expect, it } from '@jest/globals';
import { ApiProblem, formProblems } from './problem';

const problem = (status: number, detail: string, errors?: { field: string; problem: string; row?: number }[]) =>
  new ApiProblem({ type: 'about:blank', title: 'Bad Request', status, detail, instance: '/api/v1/x', requestId: 'r', ...(errors ? { errors } : {}) }, status);

const labels = { email: 'Email address', displayName: 'Name', footprintId: 'Footprint' };
const grantField = (field: string) => (field in labels ? field : field.replace(/^grants\.0\./, '') in labels ? field.replace(/^grants\.0\./, '') : undefined);

describe('formProblems: the API\'s problems beside the form\'s fields', () => {
  it.each([
    ['a named field, beside it with its label', problem(400, 'invalid', [{ field: 'email', problem: 'must be an email' }]), {}, { email: 'Email address must be an email' }],
    [
      'two problems of one field, joined',
      problem(400, 'invalid', [
        { field: 'displayName', problem: 'must be a string' },
        { field: 'displayName', problem: 'must be shorter' },
      ]),
      {},
      { displayName: 'Name must be a string; Name must be shorter' },
    ],
    ['a nested API field, mapped to the form’s', problem(400, 'invalid', [{ field: 'grants.0.footprintId', problem: 'must be a UUID' }]), { fieldOf: grantField }, { footprintId: 'Footprint must be a UUID' }],
    ['a field the form lacks, on the fallback under its own name', problem(400, 'invalid', [{ field: 'cursor', problem: 'is malformed' }]), {}, { email: 'cursor is malformed' }],
    ['a row of a file, with its prefix', problem(422, 'rows', [{ field: 'member_from', problem: 'must be a date', row: 2 }]), { fieldOf: () => 'email', rowPrefix: (row: number) => `Row ${row}: ` }, { email: 'Row 2: Email address must be a date' }],
    ['a problem naming no field, its detail on the fallback', problem(409, 'The membership has already ended'), {}, { email: 'The membership has already ended' }],
    ['an error that is no problem, its message on the fallback', new Error('Failed to fetch'), {}, { email: 'Failed to fetch' }],
  ])('%s', (_case, error, options, expected) => {
    expect(formProblems(error, { labels, fallback: 'email', ...options })).toEqual(expected);
  });
});

describe('formProblems with a map of API fields to field ids (the rounds forms)', () => {
  const fields = { period: 'round-period', closesAt: 'round-closes' };

  it.each([
    ['a field of the form, under the API\'s name', [{ field: 'period', problem: 'already has a round in this footprint' }], { 'round-period': 'period already has a round in this footprint' }],
    ['two problems of one field joined', [{ field: 'closesAt', problem: 'must be after opensAt' }, { field: 'closesAt', problem: 'has passed' }], { 'round-closes': 'closesAt must be after opensAt; closesAt has passed' }],
    ['a field the form lacks goes to the fallback', [{ field: 'instrumentId', problem: 'must be a UUID' }], { 'round-form': 'instrumentId must be a UUID' }],
    ['a row of a file', [{ field: 'respondent_role', problem: 'must be one of …', row: 2 }], { 'round-form': 'Row 2: respondent_role must be one of …' }],
    ['a name of Object.prototype is no field of the form', [{ field: 'constructor', problem: 'is not allowed' }], { 'round-form': 'constructor is not allowed' }],
  ])('%s', (_case, errors, expected) => {
    expect(formProblems(problem(400, 'Invalid request', errors), { fieldOf: fields, fallback: 'round-form' })).toEqual(expected);
  });

  it('falls back to the detail when no field is named', () => {
    expect(formProblems(problem(409, 'The round is closed', []), { fieldOf: fields, fallback: 'round-form' })).toEqual({ 'round-form': 'The round is closed' });
  });
});
