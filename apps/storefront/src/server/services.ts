import 'server-only';
import type { CartRouter, CatalogRouter, IdentityRouter, NotificationsRouter, OrdersRouter } from '@omnicart/api';
import { domainClient, serviceClients, type Caller } from '@omnicart/bff';
import type { AnyTRPCRouter } from '@trpc/server';
import type { AnalyticsClient, RecommendationsClient } from './analytics/clients';
import { getEnv, serviceToken } from '@/env';

/** The domains the storefront talks to (types only from @omnicart/api). */
interface StorefrontDomains {
  identity: IdentityRouter;
  catalog: CatalogRouter;
  cart: CartRouter;
  orders: OrdersRouter;
  notifications: NotificationsRouter;
}

/**
 * Typed tRPC clients for the domain services, reached through the gateway
 * (`${GATEWAY_URL}/trpc/<domain>`; @omnicart/bff). The browser never talks to these: the
 * storefront's own route handler (/api/trpc) and server components call them, for a caller (the
 * shopper's token, forwarded address and request id; see context.ts).
 */
export const services = serviceClients<StorefrontDomains>(['identity', 'catalog', 'cart', 'orders', 'notifications'], () => {
  const env = getEnv();
  // The service token makes the gateway take the shopper's address from us (trusted proxy).
  return { gatewayUrl: env.GATEWAY_URL, timeoutMs: env.SERVICE_TIMEOUT_MS, serviceToken: serviceToken(), appName: 'storefront' };
});
export type Services = ReturnType<typeof services>;

/** Clients without a user token: public catalog reads (cacheable), login, register. */
export const anonymousServices: Services = services();

const gatewayWith = (timeoutMs: number) => {
  const env = getEnv();
  return { gatewayUrl: env.GATEWAY_URL, timeoutMs, serviceToken: serviceToken(), appName: 'storefront' };
};

/** analytics.ingest for the event batcher (server/analytics/recorder.ts): its own, longer timeout, off every page's path. */
export const analyticsClient = (caller: Caller = {}): AnalyticsClient =>
  domainClient<AnyTRPCRouter>('analytics', gatewayWith(getEnv().ANALYTICS_TIMEOUT_MS), caller) as unknown as AnalyticsClient;

/** The shelves, with the short SHELF_TIMEOUT_MS: a slow shelf is left out, the page is not held up. */
export const recommendationsClient = (caller: Caller = {}): RecommendationsClient =>
  domainClient<AnyTRPCRouter>('recommendations', gatewayWith(getEnv().SHELF_TIMEOUT_MS), caller) as unknown as RecommendationsClient;
