import { Module } from '@nestjs/common';
import { BoardReportController } from './board-report/board-report.controller';
import { StoredBoardReports } from './board-report/stored-board-reports';
import { ApiKeyRateLimitGuard } from './http/api-key-rate-limit.guard';
import { BiController } from './http/bi.controller';
import { BiResponder } from './http/bi-responder';
import { BiReader } from './read-models/bi-reader';
import { FootprintSummaryService } from './summary/footprint-summary.service';

/** BI read models over the other domains' tables: pages, streamed exports, the anonymity gate on every aggregate; the rounds' board reports for download. */
@Module({
  controllers: [BiController, BoardReportController],
  providers: [BiReader, BiResponder, ApiKeyRateLimitGuard, FootprintSummaryService, StoredBoardReports],
})
export class ReportingModule {}
