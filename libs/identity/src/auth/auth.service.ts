import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Settings, SettingsService, UnauthenticatedError } from '@pp/core';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { User } from '../users/user.entity';
import { AccessTokens } from './access-tokens';
import { AFTER_SUCCESS, afterFailure, type LockoutRules, secondsLocked } from './lockout';
import { hashPassword, passwordMatches, passwordNeedsRehash } from './passwords';
import { RefreshTokensService } from './refresh-tokens.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
}

const WRONG_CREDENTIALS = 'The email or password is incorrect';

/** Sign-in, token refresh and sign-out. */
@Injectable()
export class AuthService {
  private readonly lockout: LockoutRules;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokensService,
    private readonly audit: AuditService,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.lockout = {
      maxFailures: settings.get('LOGIN_MAX_FAILURES', { infer: true }),
      lockoutSeconds: settings.get('LOGIN_LOCKOUT_SECONDS', { infer: true }),
    };
  }

  async login(email: string, password: string): Promise<TokenPair> {
    const found = await this.dataSource.getRepository(User).findOne({ where: { email }, select: { id: true, passwordHash: true, status: true, failedLoginCount: true, lockedUntil: true } });
    // An unknown email, a disabled account and a locked one get the answer a wrong password gets,
    // after the same work (one password check, against a decoy hash when there is no usable one),
    // so sign-in never tells who has an account. A locked account stays locked: even the right
    // password is refused until the lock runs out or a password reset lifts it.
    const matches = await passwordMatches(found?.status === 'active' ? found.passwordHash : null, password);
    if (!found || found.status !== 'active' || secondsLocked(found, new Date()) > 0) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    if (!matches) {
      await this.recordFailure(found.id, email);
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    const rehashed = found.passwordHash && passwordNeedsRehash(found.passwordHash) ? { passwordHash: await hashPassword(password) } : {};
    return this.dataSource.transaction(async (manager) => {
      await manager.update(User, found.id, { ...AFTER_SUCCESS, ...rehashed, lastLoginAt: new Date() });
      const refreshToken = await this.refreshTokens.issue(manager, found.id);
      await this.audit.record(manager, { action: 'auth.login', entityType: 'user', entityId: found.id, actor: { type: 'user', id: found.id, label: email } });
      return this.pair(found.id, refreshToken);
    });
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    return this.pair(rotated.userId, rotated.refreshToken);
  }

  /** Revokes the session of `refreshToken`. Unknown tokens are ignored: signing out is idempotent. */
  async logout(refreshToken: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.refreshTokens.revokeSession(manager, refreshToken);
      if (userId) await this.audit.record(manager, { action: 'auth.logout', entityType: 'user', entityId: userId, actor: { type: 'user', id: userId } });
    });
  }

  /** Signs a user in without a password: test set-up and tools that already proved who they are. */
  async issueTokens(userId: string): Promise<TokenPair> {
    const refreshToken = await this.dataSource.transaction((manager) => this.refreshTokens.issue(manager, userId));
    return this.pair(userId, refreshToken);
  }

  private async pair(userId: string, refreshToken: string): Promise<TokenPair> {
    return { accessToken: await this.accessTokens.sign(userId), refreshToken, tokenType: 'Bearer', expiresIn: this.accessTokens.ttlSeconds };
  }

  /** Counts a wrong password under a row lock, so concurrent guesses cannot slip past the limit. */
  private async recordFailure(userId: string, email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneOrFail(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      const next = afterFailure(user, new Date(), this.lockout);
      await manager.update(User, userId, { failedLoginCount: next.failedLoginCount, lockedUntil: next.lockedUntil });
      const actor = { type: 'anonymous' as const, label: email };
      await this.audit.record(manager, { action: 'auth.login_failed', entityType: 'user', entityId: userId, after: { failedLoginCount: next.failedLoginCount }, actor });
      if (next.lockedNow) {
        await this.audit.record(manager, { action: 'user.lock', entityType: 'user', entityId: userId, after: { lockedUntil: next.lockedUntil?.toISOString() }, actor });
      }
    });
  }
}
