// orders: checkout (a saga over catalog, inventory, payments and cart), the status machine,
// refunds and order history. The public face: the manifest, the router type and the event
// contracts. Everything else is private.
import { chargeRefunded, paymentCanceled, paymentFailed, paymentSucceeded } from '../payments/index.js';
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { ordersConfig } from './config.js';
import { ordersEvents } from './events.js';
import type { OrdersModuleOptions } from './module.js';

export type { OrdersRouter } from './router.js';
export type { OrderDetailDto, OrderDto, OrderSummaryDto, QuoteDto } from './schemas.js';
export type { PublicStoreSettingsDto, StoreSettingsDto, UpdateStoreSettingsInput } from './settings.js';
export type { OrderStatus } from './status.js';
/** Inventory reads the reservation lifetime orders declares (RESERVATION_TTL_SECONDS). */
export { ordersConfig, storeNameSetting, storeTimeZoneSetting } from './config.js';
export { orderCancelled, orderPaid, orderPlaced, orderRefunded, ordersAudit, settingsChanged, statusChanged } from './events.js';

export const PAYMENTS_CONSUMER = 'orders.payments';
export const RECOVERY_JOB = 'orders.recovery';

export const manifest = defineDomain({
  name: 'orders',
  port: 4105,
  summary: 'Checkout (a saga over catalog, inventory, payments and cart), the order status machine, refunds, order history.',
  rest: ['orders', 'settings'],
  config: ordersConfig,
  publishes: ordersEvents,
  consumers: [
    defineConsumer({
      name: PAYMENTS_CONSUMER,
      events: [paymentSucceeded, paymentFailed, paymentCanceled, chargeRefunded],
      summary: 'The payment outcome settles the order: paid (stock committed) or failed/cancelled (stock released); late successes are refunded.',
      // A handler may wait for this process's checkout of its order; events of one order still run one after the other.
      concurrency: 16,
    }),
  ],
  jobs: [{ name: RECOVERY_JOB, summary: 'Resumes or compensates checkouts a crash or a lost answer left half-way (checkout/next-action.ts).' }],
  openapiFile: 'order_service_api.yaml',
  calls: ['cart', 'catalog', 'inventory', 'payments', 'promotions'],
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createOrdersDomain(options: OrdersModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createOrdersModule(options) as LoadedDomain['module'] };
}
