import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { type AuthenticatedRequest, FixedWindowLimiter, TooManyRequestsError } from '@pp/identity';

/** Requests per minute one API key may make to the BI routes: a scheduled refresh pages through far fewer. */
export const API_KEY_REQUESTS_PER_MINUTE = 600;

/**
 * Keeps one runaway BI client from starving the others: 429 with Retry-After once a key has made
 * its requests for the minute. Users are not limited here; their sign-ins are. Runs after the
 * access guard, so the request's actor is known.
 */
@Injectable()
export class ApiKeyRateLimitGuard implements CanActivate {
  private readonly limiter = new FixedWindowLimiter(60_000);

  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (actor?.kind !== 'api_key') return true;
    const wait = this.limiter.hit(actor.id, API_KEY_REQUESTS_PER_MINUTE);
    if (wait > 0) throw new TooManyRequestsError(wait);
    return true;
  }
}
