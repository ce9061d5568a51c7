import 'server-only';
import { requestContext, type SessionContext } from '@omnicart/bff';
import { cookies } from 'next/headers';
import { secureCookies } from '@/env';
import type { EventPropsByType, EventType } from './analytics/events';
import { record } from './analytics/recorder';
import { requestOrigin } from './analytics/request-origin';
import { sessions } from './auth';
import { services, type Services } from './services';

/** The guest cart's id (the cart service's 192-bit capability); httpOnly, never seen by scripts. */
export const CART_COOKIE = 'oc_cart';
/** Guest orders this browser placed: order id → read token (for the confirmation page). */
export const GUEST_ORDERS_COOKIE = 'oc_orders';
const GUEST_ORDERS_KEPT = 10;
const CART_MAX_AGE_S = 30 * 24 * 60 * 60; // the cart service expires idle guest carts after 30 days
const GUEST_ORDERS_MAX_AGE_S = 30 * 24 * 60 * 60;
const CART_ID = /^[A-Za-z0-9_-]{16,64}$/;
/**
 * The discount code the shopper applied (cart or checkout), so the next page load and checkout use
 * it: httpOnly, per browser (guest or signed in alike), dropped once an order is placed with it.
 * Only the shape promotions accepts is kept (upper case letters, digits, - and _).
 */
export const DISCOUNT_CODE_COOKIE = 'oc_code';
const DISCOUNT_CODE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;
const DISCOUNT_CODE_MAX_AGE_S = 7 * 24 * 60 * 60;

/** The storefront BFF's context: the session (@omnicart/bff SessionContext), service clients and the shop's cookies. */
export interface BffContext extends SessionContext {
  /** Service clients carrying the shopper's token, forwarded address and request id. */
  api: Services;
  cartId(): string | undefined;
  /** Cart cookie writes; ignored during a server component render (see writeQuietly). */
  setCartId(id: string): Promise<void>;
  clearCartId(): Promise<void>;
  /** The applied discount code (oc_code), upper-cased; undefined when none. */
  discountCode(): string | undefined;
  setDiscountCode(code: string): Promise<void>;
  clearDiscountCode(): Promise<void>;
  guestOrderToken(orderId: string): string | undefined;
  rememberGuestOrder(orderId: string, token: string): Promise<void>;
  /**
   * Queues a behaviour event for this shopper (server/analytics): ids from the cookies (renewed),
   * device class, the calling page's path. Fire-and-forget: never awaited, never throws.
   */
  track<T extends EventType>(type: T, props: EventPropsByType[T]): void;
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
  const { session, accessToken, caller } = await requestContext(sessions);
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies() };
  let guestOrders = parseGuestOrders(store.get(GUEST_ORDERS_COOKIE)?.value);

  return {
    session,
    accessToken,
    api: services(caller),
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
    discountCode() {
      const value = store.get(DISCOUNT_CODE_COOKIE)?.value;
      return value && DISCOUNT_CODE.test(value) ? value : undefined;
    },
    async setDiscountCode(code) {
      writeQuietly(() => store.set(DISCOUNT_CODE_COOKIE, code, { ...cookieOptions, maxAge: DISCOUNT_CODE_MAX_AGE_S }));
    },
    async clearDiscountCode() {
      writeQuietly(() => store.delete({ name: DISCOUNT_CODE_COOKIE, path: '/' }));
    },
    guestOrderToken(orderId) {
      return guestOrders.find(([id]) => id === orderId)?.[1];
    },
    track(type, props) {
      requestOrigin()
        .then((origin) => record({ origin, accessToken, customerId: session?.id }, type, props))
        .catch((error: unknown) => console.warn(`analytics: ${type} not recorded`, error instanceof Error ? error.message : error));
    },
    async rememberGuestOrder(orderId, token) {
      guestOrders = [[orderId, token] as [string, string], ...guestOrders.filter(([id]) => id !== orderId)].slice(0, GUEST_ORDERS_KEPT);
      store.set(GUEST_ORDERS_COOKIE, Buffer.from(JSON.stringify(guestOrders)).toString('base64url'), { ...cookieOptions, maxAge: GUEST_ORDERS_MAX_AGE_S });
    },
  };
}
