import { type FieldProblem, isIsoDate } from '@pp/core';
import { describePeriod, firstOverlap, type Period } from '../memberships/membership-periods';
import { checkOrganisation, normaliseCode, typeImpliedByCode } from '../organisations/organisation-codes';
import { CODE_SYSTEMS, type CodeSystem, ORGANISATION_TYPES, type OrganisationType } from '../organisations/organisation-types';

/** An organisation as one row of an import file describes it. `row` counts from 1 after any header. */
export interface OrganisationRow {
  row: number;
  code: string;
  codeSystem: CodeSystem;
  name: string;
  type: OrganisationType;
  /** Left undefined when the file has no such column, so an import never erases what it does not know. */
  openedOn?: string | null;
  closedOn?: string | null;
}

export interface MemberRow extends OrganisationRow {
  memberFrom: string;
  memberTo: string | null;
}

export interface RowsReading<T> {
  rows: T[];
  problems: FieldProblem[];
}

type Field = 'code' | 'name' | 'type' | 'codeSystem' | 'openedOn' | 'closedOn' | 'memberFrom' | 'memberTo';

/** The column each field is reported under, whatever the file called it. */
const COLUMN: Record<Field, string> = {
  code: 'code',
  name: 'name',
  type: 'organisation_type',
  codeSystem: 'code_system',
  openedOn: 'open_date',
  closedOn: 'close_date',
  memberFrom: 'member_from',
  memberTo: 'member_to',
};

/** Header names we recognise, normalised (lower case, runs of other characters as `_`): ours and ODS's. */
const HEADER_FIELDS: Record<string, Field> = {
  code: 'code',
  organisation_code: 'code',
  organization_code: 'code',
  org_code: 'code',
  ods_code: 'code',
  ons_code: 'code',
  name: 'name',
  organisation_name: 'name',
  organisation_type: 'type',
  type: 'type',
  code_system: 'codeSystem',
  open_date: 'openedOn',
  opened_on: 'openedOn',
  close_date: 'closedOn',
  closed_on: 'closedOn',
  member_from: 'memberFrom',
  member_to: 'memberTo',
};

/**
 * Headerless ODS files ("etr", "eccg", "epraccur"…) by position: Organisation Code, Name, National
 * Grouping, High Level Health Geography, Address Lines 1–5, Postcode, Open Date, Close Date, …
 */
const ODS_POSITIONS: Partial<Record<Field, number>> = { code: 0, name: 1, openedOn: 10, closedOn: 11 };

const MAX_CODE = 9;
const MAX_NAME = 200;

interface Layout {
  columns: Partial<Record<Field, number>>;
  body: string[][];
  hasHeader: boolean;
}

function normaliseHeader(cell: string): string {
  return cell
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A first row naming a code column is a header; otherwise the file is a headerless ODS extract. */
function layoutOf(records: string[][]): Layout {
  const first = records[0] ?? [];
  const named = first.map((cell) => HEADER_FIELDS[normaliseHeader(cell)]);
  if (!named.includes('code')) return { columns: ODS_POSITIONS, body: records, hasHeader: false };
  const columns: Partial<Record<Field, number>> = {};
  named.forEach((field, index) => {
    if (field && columns[field] === undefined) columns[field] = index;
  });
  return { columns, body: records.slice(1), hasHeader: true };
}

/** ODS writes dates as YYYYMMDD; our files and spreadsheets as YYYY-MM-DD. */
export function readFileDate(cell: string): string | null | undefined {
  if (cell === '') return null;
  const iso = /^\d{8}$/.test(cell) ? `${cell.slice(0, 4)}-${cell.slice(4, 6)}-${cell.slice(6)}` : cell;
  return isIsoDate(iso) ? iso : undefined;
}

class RowReader {
  readonly problems: FieldProblem[] = [];

  constructor(
    private readonly cells: string[],
    private readonly columns: Partial<Record<Field, number>>,
    readonly row: number,
  ) {}

  cell(field: Field): string {
    const index = this.columns[field];
    return index === undefined ? '' : (this.cells[index] ?? '');
  }

  problem(field: Field, problem: string): void {
    this.problems.push({ row: this.row, field: COLUMN[field], problem });
  }

  has(field: Field): boolean {
    return this.columns[field] !== undefined;
  }

  date(field: Field): string | null {
    const value = readFileDate(this.cell(field));
    if (value === undefined) this.problem(field, 'must be a date: YYYY-MM-DD, or YYYYMMDD as ODS writes it');
    return value ?? null;
  }
}

function readOrganisation(reader: RowReader, defaultType: OrganisationType | undefined): OrganisationRow | undefined {
  const code = normaliseCode(reader.cell('code'));
  const name = reader.cell('name');
  if (!code) reader.problem('code', 'is required');
  else if (code.length > MAX_CODE) reader.problem('code', `must be at most ${MAX_CODE} characters`);
  if (!name) reader.problem('name', 'is required');
  else if (name.length > MAX_NAME) reader.problem('name', `must be at most ${MAX_NAME} characters`);

  const typeCell = reader.cell('type').toLowerCase();
  const type = typeCell ? ORGANISATION_TYPES.find((t) => t === typeCell) : (defaultType ?? typeImpliedByCode(code));
  if (typeCell && !type) reader.problem('type', `must be one of ${ORGANISATION_TYPES.join(', ')}`);
  if (!typeCell && !type && code) {
    reader.problem('type', 'is required: the code does not say which kind of organisation this is (e.g. acute_trust)');
  }
  const systemCell = reader.cell('codeSystem').toLowerCase();
  const codeSystem = systemCell ? CODE_SYSTEMS.find((s) => s === systemCell) : undefined;
  if (systemCell && !codeSystem) reader.problem('codeSystem', `must be one of ${CODE_SYSTEMS.join(', ')}`);

  const openedOn = reader.has('openedOn') ? reader.date('openedOn') : undefined;
  const closedOn = reader.has('closedOn') ? reader.date('closedOn') : undefined;
  if (reader.problems.length || !type) return undefined;

  const check = checkOrganisation({ type, code, codeSystem, openedOn, closedOn });
  check.problems.forEach((p) => reader.problem(p.field as Field, p.problem));
  if (reader.problems.length || !check.codeSystem) return undefined;
  const organisation: OrganisationRow = { row: reader.row, code, codeSystem: check.codeSystem, name, type };
  if (openedOn !== undefined) organisation.openedOn = openedOn;
  if (closedOn !== undefined) organisation.closedOn = closedOn;
  return organisation;
}

function missingColumns(layout: Layout, required: Field[]): FieldProblem[] {
  return required
    .filter((field) => layout.columns[field] === undefined)
    .map((field) => ({ field: COLUMN[field], problem: 'column is missing from the header row' }));
}

/**
 * Organisations from a file in our layout (code, name, organisation_type[, code_system, open_date,
 * close_date]) or an ODS extract with or without its header. ODS files do not say the type: it comes
 * from `defaultType`, else from the code where the code says it (ICB, CCG, GP practice, council).
 */
export function readOrganisationRows(records: string[][], defaultType?: OrganisationType): RowsReading<OrganisationRow> {
  const layout = layoutOf(records);
  const problems = layout.hasHeader ? missingColumns(layout, ['code', 'name']) : [];
  if (problems.length) return { rows: [], problems };
  const rows: OrganisationRow[] = [];
  const firstRowOf = new Map<string, number>();
  layout.body.forEach((cells, index) => {
    const reader = new RowReader(cells, layout.columns, index + 1);
    const organisation = readOrganisation(reader, defaultType);
    if (organisation) {
      const first = firstRowOf.get(organisation.code);
      if (first !== undefined) reader.problem('code', `appears again (first on row ${first})`);
      else firstRowOf.set(organisation.code, reader.row);
    }
    problems.push(...reader.problems);
    if (organisation && !reader.problems.length) rows.push(organisation);
  });
  return { rows, problems };
}

/**
 * A footprint's members in our layout (code, code_system, name, organisation_type, member_from,
 * member_to). An organisation may appear on several rows for separate periods; the periods must not
 * overlap and the rows must agree about the organisation.
 */
export function readMemberRows(records: string[][]): RowsReading<MemberRow> {
  const layout = layoutOf(records);
  if (!layout.hasHeader) {
    return {
      rows: [],
      problems: [{ field: 'code', problem: 'the file must start with a header row: code,code_system,name,organisation_type,member_from,member_to' }],
    };
  }
  const problems = missingColumns(layout, ['code', 'name', 'memberFrom']);
  if (problems.length) return { rows: [], problems };
  const rows: MemberRow[] = [];
  layout.body.forEach((cells, index) => {
    const reader = new RowReader(cells, layout.columns, index + 1);
    const organisation = readOrganisation(reader, undefined);
    const memberFrom = reader.date('memberFrom');
    const memberTo = reader.date('memberTo');
    if (reader.cell('memberFrom') === '') reader.problem('memberFrom', 'is required');
    if (memberFrom && memberTo && memberTo < memberFrom) reader.problem('memberTo', `must not be before member_from (${memberFrom})`);
    if (organisation && memberFrom && !reader.problems.length) {
      const member: MemberRow = { ...organisation, memberFrom, memberTo };
      checkAgainstEarlierRows(reader, member, rows);
      if (!reader.problems.length) rows.push(member);
    }
    problems.push(...reader.problems);
  });
  return { rows, problems };
}

function checkAgainstEarlierRows(reader: RowReader, member: MemberRow, earlier: MemberRow[]): void {
  const same = earlier.filter((other) => other.code === member.code);
  const first = same[0];
  if (!first) return;
  for (const field of ['name', 'type', 'codeSystem', 'openedOn', 'closedOn'] as const) {
    if (member[field] !== first[field]) reader.problem(field, `differs from row ${first.row} for the same code`);
  }
  const clash = firstOverlap(periodOfRow(member), same.map((other) => ({ ...periodOfRow(other), row: other.row })));
  if (clash) reader.problem('memberFrom', `overlaps the period ${describePeriod(clash)} on row ${clash.row}`);
}

export function periodOfRow(row: MemberRow): Period {
  return { from: row.memberFrom, to: row.memberTo };
}
