// inventory: stock per SKU and reservations. The public face: the manifest, the router type and
// the event contracts. Everything else is private.
import { orderPaid } from '../orders/index.js';
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { inventoryConfig } from './config.js';
import { inventoryEvents } from './events.js';
import type { InventoryModuleOptions } from './module.js';

export type { InventoryRouter } from './router.js';
export type { ReservationDto, StockDto } from './schemas.js';
export { inventoryAudit, lowStock, stockChanged, type StockChanged } from './events.js';

export const RESERVATION_SWEEPER_JOB = 'inventory.reservation-sweeper';
export const SALES_CONSUMER = 'inventory.sales';

export const manifest = defineDomain({
  name: 'inventory',
  port: 4103,
  summary: 'Stock per SKU, reservations with expiry (never oversold), the movement history.',
  rest: ['inventory'],
  config: inventoryConfig,
  publishes: inventoryEvents,
  consumers: [
    defineConsumer({
      name: SALES_CONSUMER,
      events: [orderPaid],
      summary: "A paid order's reservation becomes the sale (the checkout's commit step); a sale whose stock ran out is reported to orders, which refunds it.",
    }),
  ],
  jobs: [{ name: RESERVATION_SWEEPER_JOB, summary: 'Releases reservations past their expiry (every RESERVATION_SWEEP_MS).' }],
  openapiFile: 'inventory_service_api.yaml',
  calls: ['catalog', 'orders'],
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createInventoryDomain(options: InventoryModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createInventoryModule(options) as LoadedDomain['module'] };
}
