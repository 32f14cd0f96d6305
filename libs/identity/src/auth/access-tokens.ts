import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type Settings, SettingsService } from '@pp/core';

const ISSUER = 'partnership-pulse';
const AUDIENCE = 'partnership-pulse-api';

interface AccessClaims {
  sub: string;
  typ: 'access';
}

/**
 * Short-lived signed access tokens. They carry only the user id: roles are read from the database
 * on each request, so a revoked grant or a disabled account takes effect at once.
 */
@Injectable()
export class AccessTokens {
  readonly ttlSeconds: number;

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
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      return claims.typ === 'access' && typeof claims.sub === 'string' ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }
}
