import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';
import { requestId } from './request-id';

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

/** Probes and scrapes, too frequent to log. */
const UNLOGGED = new Set(['/health', '/metrics']);

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [SettingsService],
      useFactory: (settings: Settings) => ({
        // A wildcard Nest recognises, so it mounts it under the global prefix and on each path excluded
        // from it, once: on Fastify, nestjs-pino's default wildcard also matched those, logging them twice.
        forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
        pinoHttp: {
          level: settings.get('LOG_LEVEL', { infer: true }),
          genReqId: (req: IncomingMessage) => requestId(req),
          // One short line per request: who asked for what and how it ended. Headers are left out
          // (the security headers alone are a kilobyte on every response); the redaction below stays as a guard.
          serializers: {
            req: (req: SerializedRequest) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress, userAgent: req.headers['user-agent'] }),
            res: (res: SerializedResponse) => ({ statusCode: res.statusCode }),
          },
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.headers["x-pulse-token"]', 'res.headers["set-cookie"]'],
            censor: '[redacted]',
          },
          // Middleware sees the URL below where it is mounted; the original URL is the request's.
          autoLogging: { ignore: (req: IncomingMessage & { originalUrl?: string }) => UNLOGGED.has(req.originalUrl ?? req.url ?? '') },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
