import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';

/**
 * Nest's own logs through pino. No routes get nestjs-pino's request middleware: the access log is a
 * Fastify hook (access-log.ts), and a request's errors are logged with its request id.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [SettingsService],
      useFactory: (settings: Settings) => ({
        forRoutes: [],
        pinoHttp: { level: settings.get('LOG_LEVEL', { infer: true }) },
      }),
    }),
  ],
})
export class LoggingModule {}
