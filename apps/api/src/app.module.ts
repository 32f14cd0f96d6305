import { Module } from '@nestjs/common';
import { CoreModule } from '@pp/core';
import { IdentityModule } from '@pp/identity';
import { RegistryModule } from '@pp/registry';
import { ReportingModule } from '@pp/reporting';

@Module({
  imports: [CoreModule, IdentityModule, RegistryModule, ReportingModule],
})
export class AppModule {}
