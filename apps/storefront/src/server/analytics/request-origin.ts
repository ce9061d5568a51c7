import 'server-only';
import { cookies, headers } from 'next/headers';
import { getEnv, secureCookies } from '@/env';
import { classifyDevice, referrerHost } from './device';
import type { EventOrigin } from './events';
import { OPT_OUT_HEADER, SESSION_COOKIE, VISITOR_COOKIE, decideTracking, idsFromProxyHeaders, optedOut, trackingCookieWrites } from './tracking-ids';

/**
 * Who is doing what, for an event: the visitor and session ids (null for a Do-Not-Track / GPC
 * request), the device class and the referrer's host. One helper for pages and BFF routes:
 *
 * - a page render reads the ids the proxy put on the request (src/proxy.ts), so the very first page
 *   view of a new visitor already has them;
 * - a BFF route (/api/*: the proxy does not run there) reads the cookies, applies the same rules
 *   (tracking-ids.ts) and writes the renewed cookies (sliding session; a new session after 30
 *   idle minutes). Cookie writes are refused during a render, which is fine there.
 *
 * `path` is the page the event belongs to: a page passes its own; a BFF route's default is the
 * path of the same-origin page that called it (Referer), else "/".
 */
export async function requestOrigin(path?: string): Promise<EventOrigin> {
  const incoming = await headers();
  const device = classifyDevice(incoming.get('user-agent'), incoming.get('sec-ch-ua-mobile'));
  const referer = incoming.get('referer');
  const optOut = optedOut(incoming);

  let ids: { visitorId: string; sessionId: string } | null = null;
  if (!optOut) {
    if (incoming.get(OPT_OUT_HEADER) !== null) ids = idsFromProxyHeaders(incoming);
    else ids = await idsFromCookies();
  } else if (incoming.get(OPT_OUT_HEADER) === null) {
    await idsFromCookies(); // expires any cookies an opted-out browser still sends
  }

  if (path === undefined) {
    // A BFF call: the page that made it (same origin only), and no referrer of its own.
    return { visitorId: ids?.visitorId ?? null, sessionId: ids?.sessionId ?? null, path: samePagePath(referer, incoming), referrerHost: null, device };
  }
  return { visitorId: ids?.visitorId ?? null, sessionId: ids?.sessionId ?? null, path, referrerHost: referrerHost(referer), device };
}

async function idsFromCookies(): Promise<{ visitorId: string; sessionId: string } | null> {
  const [store, incoming] = await Promise.all([cookies(), headers()]);
  const decision = decideTracking({
    visitorCookie: store.get(VISITOR_COOKIE)?.value,
    sessionCookie: store.get(SESSION_COOKIE)?.value,
    optOut: optedOut(incoming),
    now: Date.now(),
  });
  for (const write of trackingCookieWrites(decision, secureCookies())) {
    try {
      store.set(write.name, write.value, write.options);
    } catch {
      /* read-only cookies (server component render) */
    }
  }
  return decision.optOut ? null : { visitorId: decision.visitorId, sessionId: decision.sessionId };
}

/** The path of the calling page when it is one of ours (Host, X-Forwarded-Host or STOREFRONT_URL), else "/". */
function samePagePath(referer: string | null, incoming: { get(name: string): string | null }): string {
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    const ours = [incoming.get('host'), incoming.get('x-forwarded-host')?.split(',')[0]?.trim(), new URL(getEnv().STOREFRONT_URL).host];
    return ours.includes(url.host) ? url.pathname : '/';
  } catch {
    return '/';
  }
}
