import 'server-only';
import type { AnalyticsRouter, AuditRouter, CatalogRouter, IdentityRouter, InventoryRouter, NotificationsRouter, OrdersRouter, PaymentsRouter, PromotionsRouter } from '@omnicart/api';
import { serviceClients } from '@omnicart/bff';
import { getEnv, serviceToken } from '@/env';

/** The domains the admin talks to (types only from @omnicart/api). */
interface AdminDomains {
  identity: IdentityRouter;
  catalog: CatalogRouter;
  inventory: InventoryRouter;
  orders: OrdersRouter;
  payments: PaymentsRouter;
  audit: AuditRouter;
  notifications: NotificationsRouter;
  analytics: AnalyticsRouter;
  promotions: PromotionsRouter;
}

/**
 * Typed tRPC clients of the domain services through the gateway (@omnicart/bff), made per caller:
 * the signed-in staff member's token, forwarded address and request id. The browser never talks to them.
 */
export const services = serviceClients<AdminDomains>(['identity', 'catalog', 'inventory', 'orders', 'payments', 'audit', 'notifications', 'analytics', 'promotions'], () => {
  const env = getEnv();
  return { gatewayUrl: env.GATEWAY_URL, timeoutMs: env.SERVICE_TIMEOUT_MS, serviceToken: serviceToken(), appName: 'admin' };
});
export type Services = ReturnType<typeof services>;
