import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, Outbox } from '@pp/core';
import { DataSource } from 'typeorm';
import { BoardReportReader } from './board-report-data';

export type RenderOutcome =
  | { status: 'rendered'; roundId: string; fingerprint: string; bytes: number; renderMs: number; firstRendering: boolean }
  | { status: 'skipped'; roundId: string; reason: string };

/**
 * The board report of a round: rendered by the worker from the figures the API serves, stored as
 * one row per round (rendering again replaces it), read back for download (StoredBoardReports). The first rendering of
 * a round queues the leads' "report ready" email in the same transaction, so they get it once.
 */
@Injectable()
export class BoardReports {
  private readonly logger = new Logger(BoardReports.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly data: BoardReportReader,
    private readonly outbox: Outbox,
  ) {}

  async render(roundId: string): Promise<RenderOutcome> {
    const started = performance.now();
    const data = await this.data.read(roundId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (data === undefined) return { status: 'skipped', roundId, reason: 'the round does not exist' };
    if (data === null) return { status: 'skipped', roundId, reason: 'the round has no final scores' };
    // Loaded on the first report, not at start-up: pdfkit (with its fonts) and ECharts add about
    // 20 MB to a worker's resident memory once it has rendered one, and most jobs a worker runs
    // never render a report.
    const { renderBoardReport } = await import('./render-board-report');
    const pdf = await renderBoardReport(data, new Date());
    const renderMs = Math.round(performance.now() - started);
    const firstRendering = await this.dataSource.transaction(async (manager) => {
      const [row]: { first: boolean }[] = await manager.query(
        `INSERT INTO board_report (round_id, footprint_id, pdf, byte_size, fingerprint, anonymity_threshold, scores_computed_at, render_ms, rendered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (round_id) DO UPDATE SET pdf = EXCLUDED.pdf, byte_size = EXCLUDED.byte_size, fingerprint = EXCLUDED.fingerprint,
           anonymity_threshold = EXCLUDED.anonymity_threshold, scores_computed_at = EXCLUDED.scores_computed_at, render_ms = EXCLUDED.render_ms, rendered_at = now()
         RETURNING board_report.leads_notified_at IS NULL AS first`,
        [roundId, data.footprint.id, pdf, pdf.length, data.fingerprint, data.k, data.round.computedAt, renderMs],
      );
      if (!row?.first) return false;
      await manager.query('UPDATE board_report SET leads_notified_at = now() WHERE round_id = $1', [roundId]);
      await this.outbox.enqueue(manager, 'report.notify', { roundId }, { jobId: `report.notify-${roundId}` });
      return true;
    });
    this.logger.log(`Board report of round ${roundId} (${data.round.period}): ${pdf.length} bytes in ${renderMs} ms`);
    return { status: 'rendered', roundId, fingerprint: data.fingerprint, bytes: pdf.length, renderMs, firstRendering };
  }
}
