import { judgeRefresh, type RefreshTokenState } from './refresh-rotation';

const now = new Date('2026-11-23T12:00:00Z');
const past = new Date(now.getTime() - 1000);
const future = new Date(now.getTime() + 1000);

describe('refresh token rotation', () => {
  it.each<[string, RefreshTokenState, ReturnType<typeof judgeRefresh>]>([
    ['an unused, live token rotates', { usedAt: null, revokedAt: null, expiresAt: future }, 'rotate'],
    ['a token used before is reuse', { usedAt: past, revokedAt: null, expiresAt: future }, 'reuse'],
    ['reuse wins over revocation: a replay after sign-out still revokes the family', { usedAt: past, revokedAt: past, expiresAt: future }, 'reuse'],
    ['reuse wins over expiry', { usedAt: past, revokedAt: null, expiresAt: past }, 'reuse'],
    ['a signed-out token is revoked', { usedAt: null, revokedAt: past, expiresAt: future }, 'revoked'],
    ['an old token is expired', { usedAt: null, revokedAt: null, expiresAt: past }, 'expired'],
    ['a token expiring this instant is expired', { usedAt: null, revokedAt: null, expiresAt: now }, 'expired'],
  ])('%s', (_name, token, verdict) => {
    expect(judgeRefresh(token, now)).toBe(verdict);
  });
});
