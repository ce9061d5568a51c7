import { seedInventory } from '@omnicart/db/seed';
import { metadataOnlyService, type DomainModule} from '../runtime/domain.js';
import { createCatalogSkus, createOrdersStock, type OrdersStock } from './clients.js';
import type { InventorySettings } from './config.js';
import { salesHandlers } from './consumers/sales.js';
import { RESERVATION_SWEEPER_JOB, SALES_CONSUMER } from './index.js';
import { reservationSweeperJob } from './jobs/reservation-sweeper.js';
import { document } from './openapi.js';
import { createInventoryDb, createInventoryRepository } from './repository.js';
import { createInventoryRouter } from './router.js';
import { createInventoryService, type InventoryService } from './service.js';

export interface InventoryModuleOptions {
  /** Overrides RESERVATION_SWEEP_MS (tests use a few ms). */
  sweepMs?: number;
  /** Overrides how SKUs are checked against the catalog (tests without a catalog service). */
  skuExists?: (sku: string) => Promise<boolean>;
  /** Overrides how orders learns of a sale whose stock ran out (tests without an orders service). */
  ordersStock?: OrdersStock;
  /** Receives the started service (tests drive sweepOnce directly). */
  onStarted?: (service: InventoryService) => void;
}

export function createInventoryModule(options: InventoryModuleOptions = {}): DomainModule<InventorySettings> {
  return {
    async start(deps) {
      const { pool, logger, config } = deps;
      const db = createInventoryDb(pool);
      const service = createInventoryService(createInventoryRepository(db, pool), {
        defaultTtlSeconds: config.RESERVATION_TTL_SECONDS,
        skuExists: options.skuExists ?? createCatalogSkus(deps).skuExists,
        outboxWritten: deps.outboxWritten,
      });
      options.onStarted?.(service);
      logger.info({ domain: 'inventory' }, 'inventory domain started');
      return {
        router: createInventoryRouter(service),
        consumers: { [SALES_CONSUMER]: salesHandlers(service, options.ordersStock ?? createOrdersStock(deps), logger) },
        jobs: { [RESERVATION_SWEEPER_JOB]: reservationSweeperJob(service, options.sweepMs ?? config.RESERVATION_SWEEP_MS) },
        stop: () => db.$disconnect(),
      };
    },
    describeRouter: () => createInventoryRouter(metadataOnlyService<InventoryService>('inventory')),
    openapi: document,
    // Stock for the demo catalog (it needs the catalog's products, so it follows the catalog's seed).
    seed: async (pool) => (await seedInventory(pool)).seeded,
  };
}

export const domainModule = createInventoryModule();

