import { Module } from '@nestjs/common';
import { ActionsWorkerModule } from '@pp/actions';
import { AlertsWorkerModule } from '@pp/alerts';
import { CoreModule, OutboxRelayModule } from '@pp/core';
import { ReportingWorkerModule } from '@pp/reporting';
import { ScoringWorkerModule } from '@pp/scoring';
import { SurveysWorkerModule } from '@pp/surveys';

/** The worker serves only health and metrics over HTTP; its processors come from the libs that own the work. */
@Module({
  imports: [CoreModule, OutboxRelayModule, ScoringWorkerModule, ReportingWorkerModule, AlertsWorkerModule, SurveysWorkerModule, ActionsWorkerModule],
})
export class WorkerModule {}
