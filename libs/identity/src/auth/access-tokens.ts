import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type Settings, SettingsService } from '@pp/core';

const ISSUER = 'partnership-pulse';
const AUDIENCE = 'partnership-pulse-api';

interface AccessClaims {
  sub: string;
  typ: 'access';
  /** Seconds since the epoch, set by the signer. */
  exp?: number;
}

/** Verified tokens kept, at most: enough for every user signed in at once; a token is ~300 bytes. */
const VERIFIED_TOKENS = 2_000;

/**
 * Short-lived signed access tokens. They carry only the user id: roles are read from the database
 * on each request, so a revoked grant or a disabled account takes effect at once.
 */
@Injectable()
export class AccessTokens {
  readonly ttlSeconds: number;
  /**
   * Tokens already verified, with their user and expiry: checking a token's signature was a tenth of
   * a cached read's cost, paid again on every request a client makes with the same token. Only a
   * verified token gets in, and it still expires on time.
   */
  private readonly verified = new Map<string, { userId: string; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.ttlSeconds = settings.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
  }

  sign(userId: string): Promise<string> {
    return this.jwt.signAsync({ sub: userId, typ: 'access' } satisfies AccessClaims, {
      expiresIn: this.ttlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithm: 'HS256',
    });
  }

  /** The user id of a valid token; undefined for anything else (expired, forged, another kind of token). */
  async verify(token: string): Promise<string | undefined> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.userId;
    if (known) this.verified.delete(token);
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
      this.remember(token, claims.sub, claims.exp * 1000);
      return claims.sub;
    } catch {
      return undefined;
    }
  }

  private remember(token: string, userId: string, expiresAtMs: number): void {
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { userId, expiresAtMs });
  }
}
