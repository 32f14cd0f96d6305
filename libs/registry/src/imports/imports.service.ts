import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type FieldProblem, UnprocessableError } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource, EntityManager, In } from 'typeorm';
import { FootprintsService } from '../footprints/footprints.service';
import { Membership } from '../memberships/membership.entity';
import { describePeriod, firstOverlap } from '../memberships/membership-periods';
import { periodOf, rethrowOverlapAsConflict } from '../memberships/memberships.service';
import type { OrganisationType } from '../organisations/organisation-types';
import { Organisation } from '../organisations/organisation.entity';
import { readCsv } from './csv-file';
import type { ImportCountsDto, MemberImportReportDto, OrganisationImportReportDto } from './dto/import-report.dto';
import { type MemberRow, type OrganisationRow, periodOfRow, readMemberRows, readOrganisationRows, type RowsReading } from './import-rows';

/** A file with thousands of bad rows gets a readable report, not a megabyte of JSON. */
const MAX_REPORTED_PROBLEMS = 500;
/** Keeps `IN (...)` lists well under PostgreSQL's limit of 65,535 parameters. */
const LOOKUP_CHUNK = 5000;

function zeroCounts(): ImportCountsDto {
  return { created: 0, updated: 0, unchanged: 0 };
}

function refuse(problems: FieldProblem[]): never {
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length > shown.length ? ` (the first ${shown.length} are listed)` : '';
  throw new UnprocessableError(`The file has ${problems.length} problem(s)${more}; nothing was imported`, shown);
}

type OrganisationFacts = Pick<Organisation, 'code' | 'codeSystem' | 'name' | 'type'> & Partial<Pick<Organisation, 'openedOn' | 'closedOn'>>;

/** What a row says about its organisation; dates only when the file has a column for them. */
function organisationFacts(row: OrganisationRow): OrganisationFacts {
  const facts: OrganisationFacts = { code: row.code, codeSystem: row.codeSystem, name: row.name, type: row.type };
  if (row.openedOn !== undefined) facts.openedOn = row.openedOn;
  if (row.closedOn !== undefined) facts.closedOn = row.closedOn;
  return facts;
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * CSV imports, all or nothing: every row is checked before anything is written, the writes happen in
 * one transaction, and importing the same file again changes nothing.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly footprints: FootprintsService,
    private readonly audit: AuditService,
  ) {}

  async importOrganisations(csv: string, type?: OrganisationType): Promise<OrganisationImportReportDto> {
    const rows = this.read(csv, (records) => readOrganisationRows(records, type));
    return this.dataSource.transaction(async (manager) => {
      const { counts } = await this.upsertOrganisations(manager, rows);
      // One entry per file: the counts say what it did; each organisation's history is in the file itself.
      await this.audit.record(manager, { action: 'organisation.import', entityType: 'organisation_import', entityId: null, after: { rows: rows.length, organisations: counts } });
      return { rows: rows.length, organisations: counts };
    });
  }

  async importMembers(footprintId: string, csv: string): Promise<MemberImportReportDto> {
    await this.footprints.get(footprintId);
    const rows = this.read(csv, readMemberRows);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.footprints.lockForMemberChanges(manager, footprintId);
        // Rows of one organisation agree about it (readMemberRows checks), so any of them will do.
        const distinct = [...new Map(rows.map((row) => [row.code, row] as const)).values()];
        const { counts, byCode } = await this.upsertOrganisations(manager, distinct);
        const memberships = await this.applyMemberships(manager, footprintId, rows, byCode);
        await this.audit.record(manager, {
          action: 'membership.import',
          entityType: 'membership_import',
          entityId: null,
          footprintId,
          after: { rows: rows.length, organisations: counts, memberships },
        });
        return { rows: rows.length, organisations: counts, memberships };
      });
    } catch (error) {
      rethrowOverlapAsConflict(error);
    }
  }

  private read<T>(csv: string, readRows: (records: string[][]) => RowsReading<T>): T[] {
    const reading = readCsv(csv);
    if ('problem' in reading) refuse([{ field: 'file', problem: `is not readable CSV: ${reading.problem}` }]);
    if (reading.records.length === 0) refuse([{ field: 'file', problem: 'is empty' }]);
    const { rows, problems } = readRows(reading.records);
    if (problems.length) refuse(problems);
    if (rows.length === 0) refuse([{ field: 'file', problem: 'has no data rows' }]);
    return rows;
  }

  /** Creates the organisations the file brings and updates those it describes differently, by code. */
  private async upsertOrganisations(
    manager: EntityManager,
    rows: OrganisationRow[],
  ): Promise<{ counts: ImportCountsDto; byCode: Map<string, Organisation> }> {
    const counts = zeroCounts();
    const byCode = new Map<string, Organisation>();
    for (const codes of chunks(rows.map((row) => row.code), LOOKUP_CHUNK)) {
      for (const organisation of await manager.findBy(Organisation, { code: In(codes) })) byCode.set(organisation.code, organisation);
    }
    const changed: Organisation[] = [];
    const problems: FieldProblem[] = [];
    for (const row of rows) {
      const facts = organisationFacts(row);
      const found = byCode.get(facts.code);
      if (!found) {
        const created = manager.create(Organisation, { openedOn: null, closedOn: null, ...facts });
        byCode.set(facts.code, created);
        changed.push(created);
        counts.created += 1;
      } else if (Object.entries(facts).some(([key, value]) => found[key as keyof OrganisationFacts] !== value)) {
        manager.merge(Organisation, found, facts);
        // A file with a close date but no open date is checked against the open date we hold.
        if (found.openedOn && found.closedOn && found.closedOn < found.openedOn) {
          problems.push({ row: row.row, field: 'close_date', problem: `must not be before the opening date (${found.openedOn})` });
        }
        changed.push(found);
        counts.updated += 1;
      } else {
        counts.unchanged += 1;
      }
    }
    if (problems.length) refuse(problems);
    await manager.save(Organisation, changed, { chunk: 500 });
    return { counts, byCode };
  }

  /**
   * A row matches an existing membership of its organisation with the same start date (its end may
   * change); otherwise it adds one. Memberships the file does not mention are left alone.
   */
  private async applyMemberships(
    manager: EntityManager,
    footprintId: string,
    rows: MemberRow[],
    byCode: Map<string, Organisation>,
  ): Promise<ImportCountsDto> {
    const counts = zeroCounts();
    const problems: FieldProblem[] = [];
    const periodsOf = new Map<string, Membership[]>();
    const ids = [...byCode.values()].map((organisation) => organisation.id);
    for (const chunk of chunks(ids, LOOKUP_CHUNK)) {
      for (const membership of await manager.findBy(Membership, { footprintId, organisationId: In(chunk) })) {
        periodsOf.set(membership.organisationId, [...(periodsOf.get(membership.organisationId) ?? []), membership]);
      }
    }
    const touched: [MemberRow, Membership][] = [];
    const updated: Membership[] = [];
    const created: Membership[] = [];
    for (const row of rows) {
      const organisation = byCode.get(row.code) as Organisation;
      if (organisation.archivedAt) {
        problems.push({ row: row.row, field: 'code', problem: `organisation ${row.code} is archived and cannot be a member` });
        continue;
      }
      const periods = periodsOf.get(organisation.id) ?? [];
      periodsOf.set(organisation.id, periods);
      const match = periods.find((membership) => membership.memberFrom === row.memberFrom);
      if (!match) {
        const membership = manager.create(Membership, { footprintId, organisationId: organisation.id, memberFrom: row.memberFrom, memberTo: row.memberTo });
        periods.push(membership);
        created.push(membership);
        touched.push([row, membership]);
      } else if (match.memberTo !== row.memberTo) {
        match.memberTo = row.memberTo;
        updated.push(match);
        touched.push([row, match]);
      } else {
        counts.unchanged += 1;
      }
    }
    for (const [row, membership] of touched) {
      const others = (periodsOf.get(membership.organisationId) ?? []).filter((other) => other !== membership);
      const clash = firstOverlap(periodOfRow(row), others.map(periodOf));
      if (clash) problems.push({ row: row.row, field: 'member_from', problem: `overlaps the membership ${describePeriod(clash)}` });
    }
    if (problems.length) refuse(problems);
    // Ends move before new periods start, so no intermediate state overlaps.
    await manager.save(Membership, updated, { chunk: 500 });
    await manager.save(Membership, created, { chunk: 500 });
    counts.updated = updated.length;
    counts.created = created.length;
    return counts;
  }
}
