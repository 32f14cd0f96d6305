import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { Public } from '../http/security';
import { REDIS } from '../redis/redis.module';
import { type Dependency, outages } from './outages';

const CHECK_TIMEOUT_MS = 1500;

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving requests' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis are reachable (503 otherwise)' })
  async ready() {
    try {
      const result = await this.check();
      (['postgres', 'redis'] as const).forEach((dependency) => outages.up(dependency));
      return result;
    } catch (error) {
      // Probes poll every second or so: the outage is logged when it starts and ends, not per poll.
      const failed = error instanceof HttpException ? ((error.getResponse() as { error?: Partial<Record<Dependency, { message?: string }>> }).error ?? {}) : {};
      for (const dependency of ['postgres', 'redis'] as const) {
        const check = failed[dependency];
        if (check) outages.down(dependency, new Error(check.message ?? 'the readiness check failed'));
        else outages.up(dependency);
      }
      throw error;
    }
  }

  private check() {
    return this.health.check([
      () => this.database.pingCheck('postgres').withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            if (this.redis.status === 'wait' || this.redis.status === 'end') {
              await this.redis.connect().catch(() => undefined);
            }
            await this.redis.ping();
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }
}
