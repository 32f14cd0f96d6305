import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: refresh tokens, invitation and reset tokens, API keys. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** High-entropy secrets need no slow hash: sha256 makes the stored value useless to a reader of the database. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
