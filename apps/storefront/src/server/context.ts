import 'server-only';
import { cookies, headers } from 'next/headers';
import { secureCookies } from '@/env';
import { persistSessionJwt, readSessionJwt, withFreshAccessToken, type SessionUser } from './auth';
import { services, type Services } from './services';

/** The guest cart's id (the cart service's 192-bit capability); httpOnly, never seen by scripts. */
export const CART_COOKIE = 'oc_cart';
/** Guest orders this browser placed: order id → read token (for the confirmation page). */
export const GUEST_ORDERS_COOKIE = 'oc_orders';
const GUEST_ORDERS_KEPT = 10;
const CART_MAX_AGE_S = 30 * 24 * 60 * 60; // the cart service expires idle guest carts after 30 days
const GUEST_ORDERS_MAX_AGE_S = 30 * 24 * 60 * 60;
const CART_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface BffContext {
  /** The signed-in shopper, or null for a guest (or an expired session). */
  session: SessionUser | null;
  /** The identity access token the services expect, when signed in. */
  accessToken: string | undefined;
  /** Service clients carrying the shopper's token. */
  api: Services;
  cartId(): string | undefined;
  /** Cart cookie writes; ignored during a server component render (see writeQuietly). */
  setCartId(id: string): Promise<void>;
  clearCartId(): Promise<void>;
  guestOrderToken(orderId: string): string | undefined;
  rememberGuestOrder(orderId: string, token: string): Promise<void>;
}

function parseGuestOrders(value: string | undefined): Array<[string, string]> {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((entry): entry is [string, string] => Array.isArray(entry) && entry.length === 2 && entry.every((part) => typeof part === 'string'));
  } catch {
    return [];
  }
}

/**
 * Cookie writes only work in route handlers and server actions; during a server component render
 * they throw. There the cart cookie simply stays, and the next /api/trpc call (or the idempotent
 * merge) settles it, so a refused write is not an error.
 */
function writeQuietly(write: () => void): void {
  try {
    write();
  } catch {
    /* read-only cookies (server component render) */
  }
}

/**
 * One per request (route handler or server component render). Cookie writes only work in route
 * handlers and server actions: mutations therefore go through /api/trpc, never through a render.
 */
export async function createContext(): Promise<BffContext> {
  const store = await cookies();
  let session: SessionUser | null = null;
  let accessToken: string | undefined;
  const jwt = await readSessionJwt();
  if (jwt?.user && !jwt.error) {
    const fresh = await withFreshAccessToken(jwt);
    if (fresh !== jwt) await persistSessionJwt(fresh);
    if (!fresh.error && fresh.accessToken) {
      session = fresh.user ?? null;
      accessToken = fresh.accessToken;
    }
  }
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies() };
  let guestOrders = parseGuestOrders(store.get(GUEST_ORDERS_COOKIE)?.value);

  return {
    session,
    accessToken,
    api: services(accessToken, (await headers()).get('x-forwarded-for') ?? undefined),
    cartId() {
      const value = store.get(CART_COOKIE)?.value;
      return value && CART_ID.test(value) ? value : undefined;
    },
    async setCartId(id) {
      writeQuietly(() => store.set(CART_COOKIE, id, { ...cookieOptions, maxAge: CART_MAX_AGE_S }));
    },
    async clearCartId() {
      writeQuietly(() => store.delete({ name: CART_COOKIE, path: '/' }));
    },
    guestOrderToken(orderId) {
      return guestOrders.find(([id]) => id === orderId)?.[1];
    },
    async rememberGuestOrder(orderId, token) {
      guestOrders = [[orderId, token] as [string, string], ...guestOrders.filter(([id]) => id !== orderId)].slice(0, GUEST_ORDERS_KEPT);
      store.set(GUEST_ORDERS_COOKIE, Buffer.from(JSON.stringify(guestOrders)).toString('base64url'), { ...cookieOptions, maxAge: GUEST_ORDERS_MAX_AGE_S });
    },
  };
}
