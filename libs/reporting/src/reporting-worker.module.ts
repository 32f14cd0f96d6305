import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionOutcomes } from '@pp/actions';
import { CoreModule, OutboxRelayModule } from '@pp/core';
import { AnonymityGate, RoundScoring, Score, ScoreReads } from '@pp/scoring';
import { RoundGateDecisions } from './anonymity/round-gate-decisions';
import { BoardReportReader } from './board-report/board-report-data';
import { BoardReportProcessor } from './board-report/board-report.processor';
import { BoardReports } from './board-report/board-reports.service';
import { GateProcessor } from './jobs/gate.processor';
import { BiReader } from './read-models/bi-reader';

/**
 * The worker side of reporting: the 'gate' queue, deciding the anonymity gate after each scoring
 * run, and the 'reports' queue, rendering a round's board report from the readers the API serves
 * its figures with (ScoreReads, the BI read models), so both apply the same gate.
 */
@Module({
  // CoreModule for the database; OutboxRelayModule for the queue connection settings.
  imports: [CoreModule, OutboxRelayModule, TypeOrmModule.forFeature([Score, RoundScoring])],
  providers: [RoundGateDecisions, GateProcessor, AnonymityGate, ScoreReads, BiReader, ActionOutcomes, BoardReportReader, BoardReports, BoardReportProcessor],
  exports: [RoundGateDecisions, BoardReports],
})
export class ReportingWorkerModule {}
