import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/env';
import { contentSecurityPolicy, createNonce, reportingEndpoints } from '@omnicart/bff/csp';

/**
 * Next.js 16 proxy (formerly middleware): a fresh CSP nonce for every page. The policy goes on the
 * request, where Next.js reads the nonce for the scripts it renders (and `x-nonce` for any script
 * of our own; the JSON-LD blocks are data, not scripts), and on the response, where the browser enforces it. Pages are therefore rendered
 * per request (the root layout reads the nonce); cached catalog data is unaffected.
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
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  response.headers.set('reporting-endpoints', reportingEndpoints());
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
