import { describe, expect, it } from '@jest/globals';
import { ApiProblem } from '../../api/problem';
import { formProblems } from './api-problem';

const problem = (status: number, detail: string, errors?: { field: string; problem: string; row?: number }[]) =>
  new ApiProblem({ type: 'about:blank', title: 'Bad Request', status, detail, instance: '/api/v1/x', requestId: 'r', ...(errors ? { errors } : {}) }, status);

const labels = { email: 'Email address', displayName: 'Name', footprintId: 'Footprint' };
const grantField = (field: string) => (field in labels ? field : field.replace(/^grants\.0\./, '') in labels ? field.replace(/^grants\.0\./, '') : undefined);

describe('formProblems', () => {
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
