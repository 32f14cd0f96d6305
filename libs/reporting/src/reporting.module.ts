import { Module } from '@nestjs/common';
import { ApiKeyRateLimitGuard } from './http/api-key-rate-limit.guard';
import { BiController } from './http/bi.controller';
import { BiResponder } from './http/bi-responder';
import { BiReader } from './read-models/bi-reader';
import { FootprintSummaryService } from './summary/footprint-summary.service';

/** BI read models over the other domains' tables: pages, streamed exports, the anonymity gate on every aggregate. */
@Module({
  controllers: [BiController],
  providers: [BiReader, BiResponder, ApiKeyRateLimitGuard, FootprintSummaryService],
})
export class ReportingModule {}
