import { metadataOnlyService, type DomainDeps, type DomainModule} from '../runtime/domain.js';
import { createCatalogPricing, type ProductPricing } from './clients.js';
import type { CartSettings } from './config.js';
import { EXPIRED_CARTS_JOB } from './index.js';
import { expiredCartsJob } from './jobs/expired-carts.js';
import { document } from './openapi.js';
import { createCartDb, createCartRepository } from './repository.js';
import { createCartRouter } from './router.js';
import { createCartService, type CartService } from './service.js';

export interface CartModuleOptions {
  /** Where prices come from (default: catalog's productsByIds over the service client). */
  pricing?: (deps: DomainDeps<CartSettings>) => ProductPricing;
  /** How often expired guest carts are deleted (default hourly; 0 = never, e.g. in tests). */
  sweepIntervalMs?: number;
}

const DEFAULT_SWEEP_INTERVAL_MS = 60 * 60_000;

/** The cart with non-default options (e.g. a fake pricing in tests). */
export function createCartModule(options: CartModuleOptions = {}): DomainModule<CartSettings> {
  return {
    async start(deps) {
      const db = createCartDb(deps.pool);
      const pricing = options.pricing?.(deps) ?? createCatalogPricing(deps);
      const service = createCartService(createCartRepository(db), pricing, { outboxWritten: deps.outboxWritten });
      deps.logger.info({ domain: 'cart' }, 'cart domain started');
      return {
        router: createCartRouter(service),
        jobs: { [EXPIRED_CARTS_JOB]: expiredCartsJob(service, options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS, deps.logger) },
        stop: () => db.$disconnect(),
      };
    },
    describeRouter: () => createCartRouter(metadataOnlyService<CartService>('cart')),
    openapi: document,
  };
}

export const domainModule = createCartModule();

