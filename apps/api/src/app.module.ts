import { Module } from '@nestjs/common';
import { CoreModule } from '@pp/core';
import { RegistryModule } from '@pp/registry';

@Module({
  imports: [CoreModule, RegistryModule],
})
export class AppModule {}
