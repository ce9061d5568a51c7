import 'server-only';
import type { AnalyticsRouter, CartRouter, CatalogRouter, IdentityRouter, NotificationsRouter, OrdersRouter, RecommendationsRouter } from '@omnicart/api';
import type { PromotionsRouter } from '@omnicart/api/promotions';
import { serviceClients, type Caller } from '@omnicart/bff';
import { getEnv, serviceToken } from '@/env';
import type { AnalyticsClient, RecommendationsClient } from './analytics/clients';

/** The domains the storefront talks to (types only from @omnicart/api). */
interface StorefrontDomains {
  identity: IdentityRouter;
  catalog: CatalogRouter;
  cart: CartRouter;
  orders: OrdersRouter;
  notifications: NotificationsRouter;
  analytics: AnalyticsRouter;
  recommendations: RecommendationsRouter;
}

const gateway = (timeoutMs: number) => {
  const env = getEnv();
  // The service token makes the gateway take the shopper's address from us (trusted proxy).
  return { gatewayUrl: env.GATEWAY_URL, timeoutMs, serviceToken: serviceToken(), appName: 'storefront' };
};

/**
 * Typed tRPC clients for the domain services, reached through the gateway
 * (`${GATEWAY_URL}/trpc/<domain>`; @omnicart/bff). The browser never talks to these: the
 * storefront's own route handler (/api/trpc) and server components call them, for a caller (the
 * shopper's token, forwarded address and request id; see context.ts).
 */
export const services = serviceClients<StorefrontDomains>(['identity', 'catalog', 'cart', 'orders', 'notifications', 'analytics', 'recommendations'], () =>
  gateway(getEnv().SERVICE_TIMEOUT_MS),
);
export type Services = ReturnType<typeof services>;

/** Clients without a user token: public catalog reads (cacheable), login, register. */
export const anonymousServices: Services = services();

const ingestClients = serviceClients<Pick<StorefrontDomains, 'analytics'>>(['analytics'], () => gateway(getEnv().ANALYTICS_TIMEOUT_MS));
const shelfClients = serviceClients<Pick<StorefrontDomains, 'recommendations'>>(['recommendations'], () => gateway(getEnv().SHELF_TIMEOUT_MS));

const badgeClients = serviceClients<{ promotions: PromotionsRouter }>(['promotions'], () => gateway(getEnv().SHELF_TIMEOUT_MS));

/**
 * Promotions' public read of the automatic promotions running now (badges), without a user token
 * and with the short SHELF_TIMEOUT_MS: a badge is a nicety, a slow answer leaves it out.
 */
export const promotionsClient = badgeClients().promotions;

/** analytics.ingest for the event batcher (server/analytics/recorder.ts): its own, longer timeout, off every page's path. */
export const analyticsClient = (caller: Caller = {}): AnalyticsClient => ingestClients(caller).analytics;

/** The shelves, with the short SHELF_TIMEOUT_MS: a slow shelf is left out, the page is not held up. */
export const recommendationsClient = (caller: Caller = {}): RecommendationsClient => shelfClients(caller).recommendations;
