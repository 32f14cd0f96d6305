import { Module } from '@nestjs/common';
import { CoreModule, OutboxRelayModule } from '@pp/core';
import { RoundGateDecisions } from './anonymity/round-gate-decisions';
import { GateProcessor } from './jobs/gate.processor';

/** The worker side of reporting: the 'gate' queue, deciding the anonymity gate after each scoring run. */
@Module({
  // CoreModule for the database; OutboxRelayModule for the queue connection settings.
  imports: [CoreModule, OutboxRelayModule],
  providers: [RoundGateDecisions, GateProcessor],
  exports: [RoundGateDecisions],
})
export class ReportingWorkerModule {}
