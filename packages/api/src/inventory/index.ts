import { createInventoryDb } from '@omnicart/db/inventory';
import { callService, createServiceClient } from '../runtime/service-client.js';
import { metadataOnlyService, type DomainDeps, type DomainModule, type StartedDomain } from '../runtime/domain.js';
import { startOutboxRelay } from '../events/index.js';
import type { CatalogRouter } from '../catalog/index.js';
import { createInventoryRepository } from './repository.js';
import { createInventoryRouter } from './router.js';
import { createInventoryService, type InventoryService } from './service.js';

export type { InventoryRouter } from './router.js';
export type { InventoryService, InventoryServiceOptions } from './service.js';
export { createInventoryService } from './service.js';
export { createInventoryRepository } from './repository.js';
export { createInventoryRouter } from './router.js';
export * from './schemas.js';

/** Demo data entry: `seedInventory(pool)`, idempotent (writes catalog's read model too). */
export { seedInventory } from '@omnicart/db/seed';

export interface InventoryDomainOptions {
  /** Overrides RESERVATION_SWEEP_MS (tests use a few ms). */
  sweepMs?: number;
  /** Overrides how SKUs are checked against the catalog (tests without a catalog service). */
  skuExists?: (sku: string) => Promise<boolean>;
  /** Receives the started service (tests drive sweepOnce directly). */
  onStarted?: (service: InventoryService) => void;
}

export function createInventoryDomain(options: InventoryDomainOptions = {}): DomainModule {
  return {
    name: 'inventory',
    start: (deps) => startInventory(deps, options),
    describeRouter: () => createInventoryRouter(metadataOnlyService<InventoryService>('inventory')),
  };
}


async function startInventory(deps: DomainDeps, options: InventoryDomainOptions): Promise<StartedDomain> {
  const { pool, logger, env } = deps;
  const db = createInventoryDb(pool);
  const relay = startOutboxRelay({ pool, schema: 'inventory', source: 'inventory', bus: deps.events, logger, pollMs: env.EVENTS_POLL_MS });
  const catalog = createServiceClient<CatalogRouter>({
    url: () => deps.serviceUrl('catalog'),
    caller: 'inventory',
    token: env.SERVICE_TOKEN,
    timeoutMs: env.SERVICE_CALL_TIMEOUT_MS,
  });
  const skuExists =
    options.skuExists ??
    (async (sku: string) => {
      const { products } = await callService('catalog', () => catalog.productsBySkus.query({ skus: [sku] }));
      return products.some((p) => p.sku === sku);
    });
  const service = createInventoryService(createInventoryRepository(db, pool), {
    defaultTtlSeconds: env.RESERVATION_TTL_SECONDS,
    skuExists,
    onStockChanged: () => relay.kick(),
    logger: logger.child({ domain: 'inventory' }),
  });
  const sweeper = service.startSweeper(options.sweepMs ?? env.RESERVATION_SWEEP_MS);
  options.onStarted?.(service);
  logger.info({ domain: 'inventory' }, 'inventory domain started');
  return {
    router: createInventoryRouter(service),
    stop: async () => {
      await sweeper.stop();
      await relay.stop();
      await db.$disconnect();
    },
  };
}

export const inventoryDomain: DomainModule = createInventoryDomain();
