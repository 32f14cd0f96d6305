import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { appLink, ConflictError, InvalidInputError, NotFoundError, type Settings, SettingsService } from '@pp/core';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword, passwordMatches } from '../auth/passwords';
import { RefreshTokensService } from '../auth/refresh-tokens.service';
import { newSecret, sha256 } from '../auth/secrets';
import { AccountMailer } from './account-mailer';
import { OneTimeToken, type OneTimeTokenPurpose } from './one-time-token.entity';
import { User } from './user.entity';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  /** The web app's page that takes the token, in its fragment: what the email links to. */
  url: string;
}

/** The web app's pages that take a token, in the URL fragment so it never reaches a server log. */
const ACCOUNT_PAGES: Record<OneTimeTokenPurpose, string> = { invitation: 'account/accept-invitation', password_reset: 'account/reset-password' };

const UNUSABLE = [{ field: 'token', problem: 'is invalid, already used or expired' }];

/**
 * Passwords and the single-use tokens that set them: invitations and password resets. An issued
 * token is emailed to its user when mail is set up (AccountMailer), and goes back to the admin who asked for it.
 */
@Injectable()
export class CredentialsService {
  private readonly ttlSeconds: Record<OneTimeTokenPurpose, number>;
  private readonly appUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly accountMailer: AccountMailer,
    @Inject(SettingsService) settings: Settings,
  ) {
    this.ttlSeconds = {
      invitation: settings.get('INVITATION_TTL_SECONDS', { infer: true }),
      password_reset: settings.get('PASSWORD_RESET_TTL_SECONDS', { infer: true }),
    };
    this.appUrl = settings.get('APP_URL', { infer: true });
  }

  /** A fresh token; any earlier unused one for the same purpose stops working, so only the latest link counts. */
  async issue(manager: EntityManager, userId: string, purpose: OneTimeTokenPurpose): Promise<IssuedToken> {
    await manager.update(OneTimeToken, { userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    const token = newSecret();
    const expiresAt = new Date(Date.now() + this.ttlSeconds[purpose] * 1000);
    await manager.insert(OneTimeToken, { userId, purpose, tokenHash: sha256(token), expiresAt });
    return { token, expiresAt, url: appLink(this.appUrl, ACCOUNT_PAGES[purpose], token) };
  }

  /** A reset token, emailed to the user when mail is set up. */
  async issuePasswordReset(userId: string): Promise<IssuedToken & { emailed: boolean }> {
    const { issued, user } = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(User, { id: userId });
      if (!user) throw new NotFoundError('User', userId);
      if (user.status === 'invited') {
        throw new ConflictError('This user has not accepted the invitation yet; invite them again instead');
      }
      const issued = await this.issue(manager, userId, 'password_reset');
      await this.audit.record(manager, { action: 'user.issue_password_reset', entityType: 'user', entityId: userId, after: { expiresAt: issued.expiresAt.toISOString() } });
      return { issued, user };
    });
    return { ...issued, emailed: await this.accountMailer.passwordReset(user, issued, 'admin') };
  }

  /**
   * "Forgot your password?": emails a reset link to the address when it belongs to an active
   * account, and says nothing either way, so the route tells nobody which addresses have accounts.
   * Without a mail relay nothing is issued: a token nobody receives would only cancel one an admin
   * issued. The email is sent after the answer, so its time does not give the account away either.
   */
  async requestPasswordReset(email: string): Promise<void> {
    if (!this.accountMailer.configured) return;
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    if (!user || user.status !== 'active') return;
    const issued = await this.dataSource.transaction(async (manager) => {
      const issued = await this.issue(manager, user.id, 'password_reset');
      await this.audit.record(manager, {
        action: 'user.request_password_reset',
        entityType: 'user',
        entityId: user.id,
        after: { expiresAt: issued.expiresAt.toISOString() },
        actor: { type: 'anonymous' },
      });
      return issued;
    });
    void this.accountMailer.passwordReset(user, issued, 'self');
  }

  async acceptInvitation(token: string, password: string, displayName?: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.consume(manager, token, 'invitation');
      const user = await manager.findOneByOrFail(User, { id: userId });
      if (user.status !== 'invited') throw new InvalidInputError('The invitation has already been accepted', UNUSABLE);
      await manager.update(User, userId, { passwordHash, status: 'active', ...(displayName ? { displayName } : {}) });
      await this.audit.record(manager, {
        action: 'user.accept_invitation',
        entityType: 'user',
        entityId: userId,
        before: { status: user.status },
        after: { status: 'active' },
        actor: { type: 'user', id: userId, label: user.email },
      });
    });
  }

  /** Sets a new password from a reset token; lifts any lockout and signs the user out everywhere. */
  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.consume(manager, token, 'password_reset');
      const user = await manager.findOneByOrFail(User, { id: userId });
      await manager.update(User, userId, { passwordHash, failedLoginCount: 0, lockedUntil: null });
      await this.refreshTokens.revokeAllOf(manager, userId);
      await this.audit.record(manager, { action: 'user.reset_password', entityType: 'user', entityId: userId, actor: { type: 'user', id: userId, label: user.email } });
    });
  }

  /** Needs the current password; signs the user's other sessions out. */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: userId }, select: { id: true, passwordHash: true } });
    if (!user || !(await passwordMatches(user.passwordHash, currentPassword))) {
      throw new InvalidInputError('The current password is incorrect', [{ field: 'currentPassword', problem: 'is incorrect' }]);
    }
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, userId, { passwordHash });
      await this.refreshTokens.revokeAllOf(manager, userId);
      await this.audit.record(manager, { action: 'user.change_password', entityType: 'user', entityId: userId });
    });
  }

  /** Uses a token up, atomically: of two concurrent uses only one succeeds. Returns its user. */
  private async consume(manager: EntityManager, token: string, purpose: OneTimeTokenPurpose): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .update(OneTimeToken)
      .set({ usedAt: () => 'now()' })
      .where('token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > now()', { hash: sha256(token), purpose })
      .returning(['userId'])
      .execute();
    const row = (result.raw as { user_id: string }[])[0];
    if (!row) throw new InvalidInputError('The token is invalid, already used or expired', UNUSABLE);
    return row.user_id;
  }
}
