import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * One-click unsubscribe tokens (RFC 8058): `u1.<user id>.<version>.<signature>`, an HMAC-SHA256
 * over the user id and the contact's unsubscribe version. They never expire (an old e-mail's link
 * still works) but are revocable: bumping the contact's version voids every link issued before.
 * A forged or altered token does not verify and changes nothing.
 */
const PREFIX = 'u1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface UnsubscribeClaim {
  userId: string;
  version: number;
}

export function unsubscribeKey(secret: string | undefined, serviceToken: string): Buffer {
  if (secret) return Buffer.from(secret, 'utf8');
  return Buffer.from(hkdfSync('sha256', serviceToken, 'omnicart', 'omnicart.unsubscribe-links.v1', 32));
}

function signature(key: Buffer, userId: string, version: number): string {
  return createHmac('sha256', key).update(`${PREFIX}.${userId}.${version}`).digest('base64url');
}

export function signUnsubscribeToken(key: Buffer, claim: UnsubscribeClaim): string {
  return `${PREFIX}.${claim.userId}.${claim.version}.${signature(key, claim.userId, claim.version)}`;
}

/** The claim of a valid token; null for anything forged, altered or malformed. */
export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim | null {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  const [, userId = '', versionText = '', given = ''] = parts;
  if (!UUID.test(userId) || !/^[1-9]\d{0,8}$/.test(versionText)) return null;
  const version = Number(versionText);
  const expected = Buffer.from(signature(key, userId, version));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { userId, version };
}
