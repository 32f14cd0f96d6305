import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Settings } from '../config/config.module';
import { SettingsService } from '../config/config.module';
import { isConnectionError, outages } from '../health/outages';

/** Injection token of the shared ioredis connection. */
export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

/** One Redis connection per process for health checks and queue producers; it never blocks start-up. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [SettingsService],
      useFactory: (settings: Settings) => {
        const redis = new Redis(settings.get('REDIS_URL', { infer: true }), {
          lazyConnect: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
        });
        // While Redis is down ioredis keeps reconnecting and the readiness check reports it; without a
        // listener it would also print every failed attempt to stderr, outside the JSON logs. The
        // outage is logged once when it starts and once when the connection is ready again.
        redis.on('error', (error) => isConnectionError(error) && outages.down('redis', error));
        redis.on('ready', () => outages.up('redis'));
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
