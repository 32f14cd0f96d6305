import { Module } from '@nestjs/common';
import { CoreModule } from '@pp/core';
import { IdentityModule } from '@pp/identity';
import { RegistryModule } from '@pp/registry';
import { ReportingModule } from '@pp/reporting';
import { SurveysModule } from '@pp/surveys';

@Module({
  imports: [CoreModule, IdentityModule, RegistryModule, SurveysModule, ReportingModule],
})
export class AppModule {}
