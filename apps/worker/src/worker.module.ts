import { Module } from '@nestjs/common';
import { CoreModule } from '@pp/core';

/** The worker serves only health and metrics over HTTP; its processors come from the libs that own the work. */
@Module({
  imports: [CoreModule],
})
export class WorkerModule {}
