import type { CatalogRouter } from '../catalog/index.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService, withDeadline } from '../runtime/service-client.js';
import type { ProductFacts } from './alerts-repository.js';

/**
 * What notifications asks other domains, as small ports: the catalog's current facts of products
 * (name, link, price, availability) when a shopper asks for an alert and when a cart reminder
 * lists its lines. Everything else reaches notifications as events.
 */
export interface CatalogFacts {
  /** Current facts by id (unknown ids are absent), at most 200 at a time. */
  products(ids: string[]): Promise<ProductFacts[]>;
}

const CALL_TIMEOUT_MS = 2_000;

export function createCatalogFacts(deps: Pick<DomainDeps, 'client'>): CatalogFacts {
  const catalog = deps.client<CatalogRouter>('catalog');
  const call = withDeadline(CALL_TIMEOUT_MS);
  return {
    async products(ids) {
      if (ids.length === 0) return [];
      const answer = await callService('catalog', () => catalog.productsByIds.query({ ids: ids.slice(0, 200) }, call));
      return answer.products.map((product) => ({
        productId: product.id,
        sku: product.sku,
        slug: product.slug,
        name: product.name,
        priceAmount: product.priceAmount,
        currency: product.currency,
        status: product.status,
        available: product.available,
      }));
    },
  };
}
