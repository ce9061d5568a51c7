import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Guest checkout helpers (pure):
 * - the scope of a guest's Idempotency-Keys: keys are per cart for guests (per customer for
 *   signed-in buyers), stored in the same `idempotency_keys (customer_id, key)` table under a
 *   UUID derived from the cart id, so no customer id can ever collide with it in practice;
 * - the guest access token of an order: HMAC-SHA256(secret, order id), base64url. Nothing is
 *   stored: a replay of the checkout answers the same token, and the token proves itself. Rotating
 *   the secret (ORDERS_GUEST_TOKEN_SECRET, else derived from SERVICE_TOKEN) invalidates old tokens.
 */

/** A deterministic UUID (version nibble 5, RFC variant) for a guest cart's key scope. */
export function guestKeyScope(cartId: string): string {
  const hex = createHash('sha256').update(`omnicart:guest-cart:${cartId}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface GuestTokens {
  /** The order's guest access token (deterministic for one secret). */
  issue(orderId: string): string;
  /** Constant-time check of a presented token. */
  verify(orderId: string, token: string): boolean;
}

export function createGuestTokens(secret: string): GuestTokens {
  if (secret.length < 16) throw new Error('The guest order token secret must have at least 16 characters');
  const mac = (orderId: string) => createHmac('sha256', secret).update(`omnicart:guest-order:v1:${orderId.toLowerCase()}`).digest();
  const digest = (value: Buffer | string) => createHash('sha256').update(value).digest();
  return {
    issue: (orderId) => mac(orderId).toString('base64url'),
    verify(orderId, token) {
      // Hash both sides to equal lengths, then compare in constant time.
      return timingSafeEqual(digest(mac(orderId).toString('base64url')), digest(token));
    },
  };
}

/** The secret of guest tokens: ORDERS_GUEST_TOKEN_SECRET, else one derived from SERVICE_TOKEN (required in production). */
export function guestTokenSecret(env: { ORDERS_GUEST_TOKEN_SECRET?: string | undefined; SERVICE_TOKEN: string }): string {
  return env.ORDERS_GUEST_TOKEN_SECRET ?? createHmac('sha256', env.SERVICE_TOKEN).update('omnicart:orders:guest-token-secret').digest('base64url');
}
