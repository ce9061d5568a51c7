import 'server-only';
import type { CartRouter, CatalogRouter, IdentityRouter, OrdersRouter } from '@omnicart/api';
import { createTRPCClient, httpLink, type TRPCLink } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import { getEnv } from '@/env';

/**
 * Typed tRPC clients for the domain services, reached through the gateway
 * (`${GATEWAY_URL}/trpc/<domain>`). The browser never talks to these: the storefront's own
 * route handler (/api/trpc) and server components call them, adding the shopper's token.
 */
function domainClient<TRouter extends AnyTRPCRouter>(domain: string, accessToken: string | undefined, forwardedFor: string | undefined) {
  const env = getEnv();
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  // The shopper's address as the ingress saw it, so the gateway (TRUST_PROXY) and identity's
  // sign-in throttle count shoppers one by one instead of as one storefront address.
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  return createTRPCClient<TRouter>({
    links: [
      httpLink<AnyTRPCRouter>({
        url: `${env.GATEWAY_URL}/trpc/${domain}`,
        headers: () => headers,
        // Next.js must not cache service calls itself: cached reads go through catalog-cache.ts.
        fetch: (input, init) => fetch(input, { ...init, cache: 'no-store', signal: AbortSignal.timeout(env.SERVICE_TIMEOUT_MS) }),
      }) as TRPCLink<TRouter>,
    ],
  });
}

export function services(accessToken?: string, forwardedFor?: string) {
  return {
    identity: domainClient<IdentityRouter>('identity', accessToken, forwardedFor),
    catalog: domainClient<CatalogRouter>('catalog', accessToken, forwardedFor),
    cart: domainClient<CartRouter>('cart', accessToken, forwardedFor),
    orders: domainClient<OrdersRouter>('orders', accessToken, forwardedFor),
  };
}
export type Services = ReturnType<typeof services>;

/** Clients without a user token: public catalog reads (cacheable), login, register. */
export const anonymousServices: Services = services();
