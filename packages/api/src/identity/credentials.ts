import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended minimum (m=19 MiB, t=2, p=1). `Algorithm` is an ambient
 * const enum, which isolatedModules cannot inline, hence the literal.
 */
const ARGON2ID = 2 as Algorithm;
export const PASSWORD_HASH_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a malformed stored hash (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * A hash of a random secret with the same parameters as real ones. Login verifies against it
 * when the email is unknown, so "no such user" costs the same time as "wrong password".
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/** Emails are compared and stored lower-cased; surrounding whitespace is never significant. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An opaque refresh token: 32 random bytes, base64url (43 characters). */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest of a refresh token is stored, so a database leak yields no usable tokens. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Staff invitation links carry a secret of the same strength; only its digest is stored. */
export const newInvitationToken = newRefreshToken;
export const hashInvitationToken = hashRefreshToken;

/** Password-reset links carry a secret of the same strength; only its digest is stored. */
export const newPasswordResetToken = newRefreshToken;
export const hashPasswordResetToken = hashRefreshToken;
