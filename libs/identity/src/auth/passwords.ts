import { argon2id, hash, needsRehash, verify } from 'argon2';
import { newSecret } from './secrets';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * OWASP's argon2id settings (19 MiB, 2 passes, 1 lane). Each hash or check holds its memory outside
 * the JS heap while it runs, so the library's default of 64 MiB let a burst of logins take hundreds
 * of megabytes from the API process. Stored hashes carry their own settings and still verify.
 */
const ARGON2_OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** A hash made with other settings (the library's defaults, before these): replaced at the next successful login. */
export function passwordNeedsRehash(storedHash: string): boolean {
  return needsRehash(storedHash, ARGON2_OPTIONS);
}

let decoy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a hash (unknown email, invitation not yet
 * accepted) it verifies against a decoy, so the answer takes as long and reveals nothing.
 */
export async function passwordMatches(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hashPassword(newSecret());
    await verify(await decoy, password);
    return false;
  }
  return verify(storedHash, password);
}
