import { Module } from '@nestjs/common';
import { CoreModule } from '@pp/core';
import { IdentityModule } from '@pp/identity';
import { RegistryModule } from '@pp/registry';

@Module({
  imports: [CoreModule, IdentityModule, RegistryModule],
})
export class AppModule {}
