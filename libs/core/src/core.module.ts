import { Module } from '@nestjs/common';
import { CoreConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { OutboxModule } from './jobs/jobs.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { RedisModule } from './redis/redis.module';

/** What every process (api, worker) stands on: settings, logs, PostgreSQL, Redis, the outbox, health, metrics. */
@Module({
  imports: [CoreConfigModule, LoggingModule, DatabaseModule, RedisModule, OutboxModule, HealthModule, MetricsModule],
  exports: [MetricsModule],
})
export class CoreModule {}
