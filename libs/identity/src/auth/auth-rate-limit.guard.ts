import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { DomainError, type Settings, SettingsService } from '@pp/core';
import type { AuthenticatedRequest } from '../access/request-context';
import { FixedWindowLimiter } from './rate-limiter';

const WINDOW_MS = 60_000;

/** 429 with Retry-After. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  override readonly headers: Record<string, string>;

  constructor(retryAfterSeconds: number) {
    super('Too many attempts; wait for the number of seconds in the Retry-After header');
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/** The account a request is about: the email it signs in with, or the signed-in user. */
function accountOf(request: AuthenticatedRequest): string | undefined {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  if (typeof email === 'string') return email.trim().toLowerCase();
  return request.actor?.id;
}

/**
 * Slows guessing on the sign-in and token routes: a limit per client IP and one per account,
 * whatever the IP, each per route and per minute. (@nestjs/throttler is CommonJS-only and cannot
 * load beside NestJS 12's ES modules under Jest, so the few lines it would save live here.)
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  private readonly limiter = new FixedWindowLimiter(WINDOW_MS);
  private readonly perIp: number;
  private readonly perAccount: number;

  constructor(@Inject(SettingsService) settings: Settings) {
    this.perIp = settings.get('AUTH_RATE_LIMIT_PER_IP', { infer: true });
    this.perAccount = settings.get('AUTH_RATE_LIMIT_PER_ACCOUNT', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const account = accountOf(request);
    const waits = [
      this.limiter.hit(`ip:${route}:${request.ip ?? 'unknown'}`, this.perIp),
      account === undefined ? 0 : this.limiter.hit(`account:${route}:${account}`, this.perAccount),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw new TooManyRequestsError(wait);
    return true;
  }
}
