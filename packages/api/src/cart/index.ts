import { createCartDb } from '@omnicart/db/cart';
import { metadataOnlyService, type DomainDeps, type DomainModule, type StartedDomain } from '../runtime/domain.js';
import { createCatalogPricing, type ProductPricing } from './pricing.js';
import { createCartRepository } from './repository.js';
import { createCartRouter } from './router.js';
import { createCartService, type CartService } from './service.js';

export type { CartRouter } from './router.js';
export type { CartService } from './service.js';
export type { PricedProduct, ProductPricing } from './pricing.js';
export { createCartService } from './service.js';
export { createCartRepository, GUEST_CART_TTL_DAYS } from './repository.js';
export { createCartRouter } from './router.js';
export { createCatalogPricing, lineIssue, priceLines } from './pricing.js';
export * from './schemas.js';

export interface CartDomainOptions {
  /** Where prices come from (default: catalog's productsByIds over the service client). */
  pricing?: (deps: DomainDeps) => ProductPricing;
  /** How often expired guest carts are deleted (default hourly; 0 = never, e.g. in tests). */
  sweepIntervalMs?: number;
}

const DEFAULT_SWEEP_INTERVAL_MS = 60 * 60_000;

/** The cart domain with non-default options (e.g. a fake pricing in tests). */
export function createCartDomain(options: CartDomainOptions = {}): DomainModule {
  return {
    name: 'cart',
    start: (deps) => startCart(deps, options),
    describeRouter: () => createCartRouter(metadataOnlyService<CartService>('cart')),
  };
}

async function startCart(deps: DomainDeps, options: CartDomainOptions): Promise<StartedDomain> {
  const { pool, logger } = deps;
  const db = createCartDb(pool);
  const pricing = options.pricing?.(deps) ?? createCatalogPricing(deps);
  const service = createCartService(createCartRepository(db), pricing);

  // Guest carts idle for 30 days are invisible at once (checked on every access) and deleted here.
  const sweepEvery = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = service
      .sweepExpired()
      .then((deleted) => {
        if (deleted > 0) logger.info({ domain: 'cart', deleted }, 'expired guest carts deleted');
      })
      .catch((error: unknown) => logger.warn({ err: error, domain: 'cart' }, 'expired cart sweep failed'));
  };
  const timer = sweepEvery > 0 ? setInterval(sweep, sweepEvery) : undefined;
  timer?.unref();

  logger.info({ domain: 'cart' }, 'cart domain started');
  return {
    router: createCartRouter(service),
    stop: async () => {
      if (timer) clearInterval(timer);
      await sweeping;
      await db.$disconnect();
    },
  };
}


export const cartDomain: DomainModule = createCartDomain();
