import { NextResponse, type NextRequest } from 'next/server';
import { getEnv, secureCookies } from '@/env';
import { contentSecurityPolicy, createNonce, reportingEndpoints } from '@omnicart/bff/csp';
import {
  NEW_VISITOR_HEADER,
  OPT_OUT_HEADER,
  SESSION_COOKIE,
  SESSION_HEADER,
  TRACKING_HEADERS,
  VISITOR_COOKIE,
  VISITOR_HEADER,
  decideTracking,
  optedOut,
  trackingCookieWrites,
} from '@/server/analytics/tracking-ids';

/**
 * Next.js 16 proxy (formerly middleware): a fresh CSP nonce for every page. The policy goes on the
 * request, where Next.js reads the nonce for the scripts it renders (and `x-nonce` for any script
 * of our own; the JSON-LD blocks are data, not scripts), and on the response, where the browser enforces it. Pages are therefore rendered
 * per request (the root layout reads the nonce); cached catalog data is unaffected.
 *
 * It also keeps the first-party visitor and session ids (server/analytics/tracking-ids.ts): the
 * cookies `oc_vid` / `oc_sid` on the response, and the same ids as request headers for the render,
 * so even the first page view (no cookies yet) is recorded with them. `Sec-GPC: 1` / `DNT: 1`: no
 * ids, and existing cookies are expired.
 */
export function proxy(request: NextRequest): NextResponse {
  const env = getEnv();
  const nonce = createNonce();
  const policy = contentSecurityPolicy({
    nonce,
    development: env.NODE_ENV === 'development',
    imageHosts: env.CATALOG_IMAGE_HOSTS,
    https: env.STOREFRONT_URL.startsWith('https://'),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  // The ids are ours to set: whatever a client sent under these names is dropped.
  for (const name of TRACKING_HEADERS) requestHeaders.delete(name);
  const tracking = decideTracking({
    visitorCookie: request.cookies.get(VISITOR_COOKIE)?.value,
    sessionCookie: request.cookies.get(SESSION_COOKIE)?.value,
    optOut: optedOut(request.headers),
    now: Date.now(),
  });
  if (tracking.optOut) requestHeaders.set(OPT_OUT_HEADER, '1');
  else {
    requestHeaders.set(OPT_OUT_HEADER, '0');
    requestHeaders.set(VISITOR_HEADER, tracking.visitorId);
    requestHeaders.set(SESSION_HEADER, tracking.sessionId);
    if (tracking.newVisitor) requestHeaders.set(NEW_VISITOR_HEADER, '1');
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  response.headers.set('reporting-endpoints', reportingEndpoints());
  for (const write of trackingCookieWrites(tracking, secureCookies())) response.cookies.set(write.name, write.value, write.options);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the BFF and auth APIs, built assets, images (proxied from the gateway) or icons;
      // not prefetches either (no HTML, so no policy to enforce, and no nonce to spend).
      source: '/((?!api/|_next/static|_next/image|images/|favicon\\.svg|favicon\\.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
