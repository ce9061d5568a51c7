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
function domainClient<TRouter extends AnyTRPCRouter>(domain: string, accessToken: string | undefined) {
  const env = getEnv();
  return createTRPCClient<TRouter>({
    links: [
      httpLink<AnyTRPCRouter>({
        url: `${env.GATEWAY_URL}/trpc/${domain}`,
        headers: () => (accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        // Next.js must not cache service calls itself: cached reads go through catalog-cache.ts.
        fetch: (input, init) => fetch(input, { ...init, cache: 'no-store', signal: AbortSignal.timeout(env.SERVICE_TIMEOUT_MS) }),
      }) as TRPCLink<TRouter>,
    ],
  });
}

export function services(accessToken?: string) {
  return {
    identity: domainClient<IdentityRouter>('identity', accessToken),
    catalog: domainClient<CatalogRouter>('catalog', accessToken),
    cart: domainClient<CartRouter>('cart', accessToken),
    orders: domainClient<OrdersRouter>('orders', accessToken),
  };
}
export type Services = ReturnType<typeof services>;

/** Clients without a user token: public catalog reads (cacheable), login, register. */
export const anonymousServices: Services = services();
