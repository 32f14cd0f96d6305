import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** A caller's X-Request-Id is kept when it is sane, so traces join across systems; otherwise we mint one. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [SettingsService],
      useFactory: (settings: Settings) => ({
        pinoHttp: {
          level: settings.get('LOG_LEVEL', { infer: true }),
          genReqId: requestId,
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.headers["x-pulse-token"]', 'res.headers["set-cookie"]'],
            censor: '[redacted]',
          },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
