/** What presenting a refresh token means, given what we know of it. */
export type RefreshVerdict = 'rotate' | 'reuse' | 'revoked' | 'expired';

export interface RefreshTokenState {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

/**
 * A token already exchanged for its successor can only come back if someone kept a copy: that is
 * reuse, and the caller revokes the family. Reuse wins over revocation and expiry, so a stolen
 * token replayed late still revokes what the thief may hold.
 */
export function judgeRefresh(token: RefreshTokenState, now: Date): RefreshVerdict {
  if (token.usedAt) return 'reuse';
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt <= now) return 'expired';
  return 'rotate';
}
