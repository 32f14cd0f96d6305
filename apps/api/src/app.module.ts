import { Module } from '@nestjs/common';
import { CoreModule } from '@pp/core';

@Module({
  imports: [CoreModule],
})
export class AppModule {}
