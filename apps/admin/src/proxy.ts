import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, createNonce, reportingEndpoints } from '@omnicart/bff/csp';
import { getEnv } from '@/env';

/**
 * Next.js 16 proxy (formerly middleware): a fresh CSP nonce for every page, as in the storefront
 * (the one policy, @omnicart/bff/csp). The policy goes on the request, where Next.js reads the nonce
 * for its scripts, and on the response, where the browser enforces it; pages render per request.
 */
export function proxy(request: NextRequest): NextResponse {
  const env = getEnv();
  const nonce = createNonce();
  const policy = contentSecurityPolicy({
    nonce,
    development: env.NODE_ENV === 'development',
    imageHosts: env.CATALOG_IMAGE_HOSTS,
    https: env.ADMIN_URL.startsWith('https://'),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  // Where to come back to after signing in (server/guard.ts sends signed-out visitors to /login).
  requestHeaders.set('x-admin-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  response.headers.set('reporting-endpoints', reportingEndpoints());
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the auth API, built assets, proxied images or icons; not prefetches either.
      source: '/((?!api/|_next/static|_next/image|images/|favicon\\.svg|favicon\\.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
