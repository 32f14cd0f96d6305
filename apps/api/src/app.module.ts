import { Module } from '@nestjs/common';
import { ActionsModule } from '@pp/actions';
import { AlertsModule } from '@pp/alerts';
import { CoreModule } from '@pp/core';
import { IdentityModule } from '@pp/identity';
import { RegistryModule } from '@pp/registry';
import { ReportingModule } from '@pp/reporting';
import { ScoringModule } from '@pp/scoring';
import { SurveysModule } from '@pp/surveys';

@Module({
  imports: [CoreModule, IdentityModule, RegistryModule, SurveysModule, ScoringModule, ReportingModule, AlertsModule, ActionsModule],
})
export class AppModule {}
