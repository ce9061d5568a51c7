import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets that must travel inside an event to the one service that uses them (a password-reset or
 * staff-invitation token, which notifications puts in a link) are sealed: AES-256-GCM with a key
 * derived from SERVICE_TOKEN, which every service holds and nothing else does. The outbox, the bus,
 * the event catalogue and every other consumer (audit, analytics) only ever see the sealed text;
 * a tampered or foreign value fails to open. Format: `v1.<iv>.<ciphertext><tag>`, base64url.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyOf(serviceToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serviceToken, 'omnicart', 'omnicart.sealed-event-secret.v1', 32));
}

export function sealSecret(plaintext: string, serviceToken: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(serviceToken), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** The plaintext, or throws when the value is malformed, tampered with or sealed with another token. */
export function openSecret(sealed: string, serviceToken: string): string {
  const [version, ivText, bodyText, ...rest] = sealed.split('.');
  if (version !== VERSION || !ivText || !bodyText || rest.length > 0) throw new Error('sealed secret: unknown format');
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new Error('sealed secret: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(serviceToken), iv);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}
