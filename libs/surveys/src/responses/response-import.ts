import type { FieldProblem } from '@pp/core';
import type { CompiledInstrument } from '../instruments/compiled-instrument';
import { type AnswerSet, type EncodedAnswers, type FieldNames, validateAnswers } from './answer-validation';
import { RESPONDENT_ROLES, type RespondentRole } from './respondent-roles';

export const ORGANISATION_COLUMN = 'organisation';
export const ROLE_COLUMN = 'respondent_role';

/** A column of an upload: the organisation, the role, a respondent question, or one partner's rating item. */
type Column =
  | { kind: 'organisation' | 'role' }
  | { kind: 'answer'; key: string }
  | { kind: 'partner'; key: string; partnerId: string };

export interface ImportedRow {
  organisationId: string;
  role: RespondentRole;
  answers: EncodedAnswers;
}

export type ImportCheck = { ok: true; rows: ImportedRow[] } | { ok: false; problems: FieldProblem[] };

export interface ImportMembers {
  /** Organisation code → id, for the members at the round's dates. */
  idsByCode: ReadonlyMap<string, string>;
  has(organisationId: string): boolean;
}

function readHeader(header: readonly string[], instrument: CompiledInstrument, members: ImportMembers): { columns: (Column | null)[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const columns = header.map((name): Column | null => {
    if (seen.has(name)) {
      problems.push({ field: name, problem: 'appears twice in the header' });
      return null;
    }
    seen.add(name);
    if (name === ORGANISATION_COLUMN) return { kind: 'organisation' };
    if (name === ROLE_COLUMN) return { kind: 'role' };
    const [key = '', code, ...rest] = name.split(':');
    const question = instrument.byKey.get(key);
    if (!question) {
      problems.push({ field: name, problem: 'is not a question of this round’s instrument' });
      return null;
    }
    if (question.store === 'partner') {
      const partnerId = code === undefined || rest.length ? undefined : members.idsByCode.get(code);
      if (!partnerId) {
        problems.push({ field: name, problem: code === undefined ? `is a partner rating: name the partner as ${key}:<organisation code>` : `${code} is not a member organisation at the round’s dates` });
        return null;
      }
      return { kind: 'partner', key, partnerId };
    }
    if (code !== undefined) {
      problems.push({ field: name, problem: `${key} is not a partner rating; its column is just ${key}` });
      return null;
    }
    return { kind: 'answer', key };
  });
  for (const required of [ORGANISATION_COLUMN, ROLE_COLUMN]) {
    if (!seen.has(required)) problems.push({ field: required, problem: 'column is missing from the header' });
  }
  return { columns, problems };
}

/**
 * Checks an uploaded sheet (header + one row per respondent) against the round's instrument and
 * members, row by row and column by column. All or nothing: either every row is good, or the
 * result lists every problem with its row (1-based, after the header) and column.
 */
export function checkImport(records: readonly (readonly string[])[], instrument: CompiledInstrument, members: ImportMembers): ImportCheck {
  const [header, ...body] = records;
  if (!header || body.length === 0) return { ok: false, problems: [{ field: 'file', problem: 'has no rows after the header' }] };
  const { columns, problems } = readHeader(header, instrument, members);
  if (problems.length) return { ok: false, problems };

  const codeOf = new Map([...members.idsByCode].map(([code, id]) => [id, code]));
  const names: FieldNames = {
    answer: (key) => key,
    partner: (partnerId) => `*:${codeOf.get(partnerId) ?? partnerId}`,
    partnerAnswer: (partnerId, key) => `${key}:${codeOf.get(partnerId) ?? partnerId}`,
  };
  const rows: ImportedRow[] = [];
  body.forEach((record, index) => {
    const row = index + 1;
    const input: AnswerSet & { answers: Record<string, string>; partnerRatings: Record<string, Record<string, string>> } = { answers: {}, partnerRatings: {} };
    let code = '';
    let role = '';
    if (record.length > columns.length) {
      problems.push({ row, field: 'file', problem: `has ${record.length} cells, but the header names ${columns.length} columns` });
      return;
    }
    columns.forEach((column, i) => {
      const cell = record[i] ?? '';
      if (column?.kind === 'organisation') code = cell;
      else if (column?.kind === 'role') role = cell;
      else if (column?.kind === 'answer' && cell !== '') input.answers[column.key] = cell;
      else if (column?.kind === 'partner' && cell !== '') (input.partnerRatings[column.partnerId] ??= {})[column.key] = cell;
    });
    const organisationId = members.idsByCode.get(code);
    if (!organisationId) {
      problems.push({ row, field: ORGANISATION_COLUMN, problem: code ? `${code} is not a member organisation at the round’s dates` : 'is required' });
    }
    if (!(RESPONDENT_ROLES as readonly string[]).includes(role)) {
      problems.push({ row, field: ROLE_COLUMN, problem: `must be one of ${RESPONDENT_ROLES.join(', ')}${role ? `, got '${role}'` : ''}` });
    }
    if (!organisationId) return;
    const result = validateAnswers(instrument, input, { organisationId, members }, names);
    if (!result.ok) problems.push(...result.problems.map((p) => ({ row, ...p })));
    else rows.push({ organisationId, role: role as RespondentRole, answers: result.value });
  });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
