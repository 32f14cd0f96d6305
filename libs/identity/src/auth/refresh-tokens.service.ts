import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Settings, SettingsService, UnauthenticatedError } from '@pp/core';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RefreshToken } from './refresh-token.entity';
import { judgeRefresh } from './refresh-rotation';
import { newSecret, sha256 } from './secrets';

const INVALID = 'The refresh token is invalid, expired or revoked; sign in again';

/** Refresh tokens: issue, rotate with reuse detection, revoke. */
@Injectable()
export class RefreshTokensService {
  private readonly ttlSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.ttlSeconds = settings.get('REFRESH_TOKEN_TTL_SECONDS', { infer: true });
  }

  /** A new token in `familyId`, or the first of a new family (a sign-in). Returns the token itself. */
  async issue(manager: EntityManager, userId: string, familyId: string = randomUUID()): Promise<string> {
    const token = newSecret();
    await manager.insert(RefreshToken, {
      userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + this.ttlSeconds * 1000),
    });
    return token;
  }

  /**
   * Uses `token` up and issues its successor. A token presented twice revokes its whole family
   * (the thief's copy and the owner's) and is audited.
   */
  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const stored = await manager.findOneBy(RefreshToken, { tokenHash: sha256(token) });
      if (!stored) return undefined;
      let verdict = judgeRefresh(stored, new Date());
      if (verdict === 'rotate') {
        // Of two concurrent refreshes with one token, only one can use it; the other is reuse.
        const used = await manager.update(RefreshToken, { id: stored.id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date() });
        if (used.affected === 1) {
          return { userId: stored.userId, refreshToken: await this.issue(manager, stored.userId, stored.familyId) };
        }
        verdict = 'reuse';
      }
      if (verdict === 'reuse') {
        await this.revokeFamily(manager, stored.familyId);
        await this.audit.record(manager, {
          action: 'auth.refresh_reuse',
          entityType: 'user',
          entityId: stored.userId,
          after: { familyId: stored.familyId, familyRevoked: true },
          actor: { type: 'anonymous' },
        });
      }
      return undefined;
    });
    if (!outcome) throw new UnauthenticatedError(INVALID);
    return outcome;
  }

  /** Signs out the session `token` belongs to. Returns its user, or undefined for an unknown token. */
  async revokeSession(manager: EntityManager, token: string): Promise<string | undefined> {
    const stored = await manager.findOneBy(RefreshToken, { tokenHash: sha256(token) });
    if (!stored) return undefined;
    await this.revokeFamily(manager, stored.familyId);
    return stored.userId;
  }

  /** Signs a user out everywhere: after a password change or reset, or when the account is disabled. */
  async revokeAllOf(manager: EntityManager, userId: string): Promise<void> {
    await manager.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
