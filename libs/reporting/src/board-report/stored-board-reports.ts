import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, NotFoundError } from '@pp/core';
import { DataSource } from 'typeorm';

/** A round whose board report is not rendered yet (no final scores yet, or the worker still at it): 404, saying so. */
export class BoardReportNotRendered extends DomainError {
  readonly status = 404;

  constructor(roundId: string) {
    super(`The board report of round ${roundId} is not rendered yet: the worker renders it once the round's final scores are scored and gated`, [], 'board_report_not_rendered');
  }
}

/** A stored board report as the download route sends it. */
export interface StoredBoardReport {
  pdf: Buffer;
  period: string;
  footprintCode: string;
  renderedAt: Date;
  fingerprint: string;
}

/** The API's side of board reports: the stored PDF, as the worker last rendered it. */
@Injectable()
export class StoredBoardReports {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(roundId: string): Promise<StoredBoardReport> {
    const [row] = await this.dataSource.query<{ pdf: Buffer; period: string; code: string; rendered_at: Date; fingerprint: string }[]>(
      'SELECT b.pdf, r.period, f.code, b.rendered_at, b.fingerprint FROM board_report b JOIN round r ON r.id = b.round_id JOIN footprint f ON f.id = b.footprint_id WHERE b.round_id = $1',
      [roundId],
    );
    if (row) return { pdf: row.pdf, period: row.period, footprintCode: row.code, renderedAt: row.rendered_at, fingerprint: row.fingerprint };
    const [round] = await this.dataSource.query('SELECT 1 FROM round WHERE id = $1', [roundId]);
    throw round ? new BoardReportNotRendered(roundId) : new NotFoundError('Round', roundId);
  }
}
