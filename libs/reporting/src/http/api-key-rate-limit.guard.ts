import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { type Settings, SettingsService } from '@pp/core';
import { type AuthenticatedRequest, FixedWindowLimiter, TooManyRequestsError } from '@pp/identity';

/**
 * Keeps one runaway BI client from starving the others: 429 with Retry-After once a key has made
 * its API_KEY_RATE_LIMIT_PER_MINUTE requests for the minute. Users are not limited here; their
 * sign-ins are. Runs after the access guard, so the request's actor is known. The count is per API
 * process: behind N instances a key gets up to N times the limit.
 */
@Injectable()
export class ApiKeyRateLimitGuard implements CanActivate {
  private readonly limiter = new FixedWindowLimiter(60_000);
  private readonly perMinute: number;

  constructor(@Inject(SettingsService) settings: Settings) {
    this.perMinute = settings.get('API_KEY_RATE_LIMIT_PER_MINUTE', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (actor?.kind !== 'api_key') return true;
    const wait = this.limiter.hit(actor.id, this.perMinute);
    if (wait > 0) throw new TooManyRequestsError(wait);
    return true;
  }
}
