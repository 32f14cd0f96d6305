import { argon2id, hash, verify } from 'argon2';
import { newSecret } from './secrets';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { type: argon2id });
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
