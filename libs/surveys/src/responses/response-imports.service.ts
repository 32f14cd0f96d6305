import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, NotFoundError, UnprocessableError } from '@pp/core';
import { AuditService } from '@pp/identity';
import { parse } from 'csv-parse/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { RoundContexts } from '../rounds/round-contexts';
import { checkImport } from './response-import';
import { ResponseWriter } from './response-writer';
import { SubmissionReceipts } from './submission-receipts';

/** Problems listed in one 422; a file with more is mostly wrong in the same way. */
const MAX_PROBLEMS = 500;

export interface ImportResult {
  roundId: string;
  imported: number;
}

/** Offline collection: a lead uploads a round's paper or spreadsheet responses, all or nothing. */
@Injectable()
export class ResponseImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: RoundContexts,
    private readonly writer: ResponseWriter,
    private readonly receipts: SubmissionReceipts,
    private readonly audit: AuditService,
  ) {}

  async import(roundId: string, csv: string, uploadedBy: string, idempotencyKey: string | undefined, now: Date) {
    const context = await this.contexts.get(roundId);
    const records = this.parse(csv);
    const check = checkImport(records, context.instrument, { idsByCode: context.memberIds, has: (id) => context.members.has(id) });
    if (!check.ok) {
      const problems = check.problems.slice(0, MAX_PROBLEMS);
      const rows = new Set(check.problems.map((p) => p.row).filter((row) => row !== undefined)).size;
      const where = rows ? `${rows} row(s)` : 'the file';
      throw new UnprocessableError(`Nothing was imported: ${where} ${rows === 1 ? 'has' : 'have'} ${check.problems.length} problem(s)`, problems);
    }
    const { round } = context;
    const responses = check.rows.map((row) => {
      const id = randomUUID();
      return { id, respondent: { key: `i:${id}`, source: 'import' as const, organisationId: row.organisationId }, role: row.role, answers: row.answers };
    });
    const write = async (manager: EntityManager) => {
      const [locked] = await manager.query('SELECT status, closes_at FROM round WHERE id = $1 FOR SHARE', [roundId]);
      if (!locked) throw new NotFoundError('Round', roundId);
      if (locked.status !== 'open') throw new ConflictError(`The round is ${locked.status}; responses are imported only while it is open`, [{ field: 'status', problem: `is ${locked.status}` }]);
      await this.writer.insertMany(manager, round, responses, now);
      await this.audit.record(manager, { action: 'response.import', entityType: 'round', entityId: roundId, footprintId: round.footprintId, after: { imported: responses.length } });
      return { status: 201, body: { roundId, imported: responses.length } satisfies ImportResult };
    };
    if (!idempotencyKey) return { ...(await this.dataSource.transaction(write)), replayed: false };
    const receipt = { footprintId: round.footprintId, roundId, scope: `up:${uploadedBy}`, key: idempotencyKey, request: { roundId, csv } };
    const outcome = await this.receipts.once(receipt, write);
    if (!outcome) throw new ConflictError('Another upload with this Idempotency-Key did not complete; send this one again');
    return outcome;
  }

  private parse(csv: string): string[][] {
    try {
      return parse(csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      const line = (error as { lines?: number }).lines;
      throw new UnprocessableError(`The file is not readable CSV: ${problem}`, [{ field: 'file', problem, ...(line ? { row: Math.max(line - 1, 0) } : {}) }]);
    }
  }
}
