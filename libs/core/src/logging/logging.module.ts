import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';

/** What pino-http hands our serializers: its standard view of the request and response. */
interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  headers: Record<string, string | string[] | undefined>;
}
interface SerializedResponse {
  statusCode: number | null;
}

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
          // One short line per request: who asked for what and how it ended. Headers are left out
          // (helmet's alone are a kilobyte on every response); the redaction below stays as a guard.
          serializers: {
            req: (req: SerializedRequest) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress, userAgent: req.headers['user-agent'] }),
            res: (res: SerializedResponse) => ({ statusCode: res.statusCode }),
          },
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
