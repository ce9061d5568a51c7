import type { CatalogRouter, ProductSummary } from '../catalog/index.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService } from '../runtime/service-client.js';

/** A product as catalog's internal `productsByIds` reports it (current price and availability). */
export type PricedProduct = ProductSummary;

/**
 * Where the cart gets current prices: catalog in production, a fake in unit tests. Unknown ids
 * are simply absent from the answer. Failures throw a DomainError (UNAVAILABLE when catalog
 * cannot be reached): a cart is never shown with stale or made-up prices.
 */
export interface ProductPricing {
  byIds(ids: string[]): Promise<PricedProduct[]>;
}

/** catalog accepts at most this many ids per call. */
const IDS_PER_CALL = 200;

/** Prices from catalog's internal `productsByIds`, over its tRPC endpoint with the service token. */
export function createCatalogPricing(deps: Pick<DomainDeps, 'client'>): ProductPricing {
  const catalog = deps.client<CatalogRouter>('catalog');
  return {
    async byIds(ids) {
      const unique = [...new Set(ids)];
      const products: PricedProduct[] = [];
      for (let start = 0; start < unique.length; start += IDS_PER_CALL) {
        const batch = unique.slice(start, start + IDS_PER_CALL);
        const answer = await callService('catalog', () => catalog.productsByIds.query({ ids: batch }));
        products.push(...answer.products);
      }
      return products;
    },
  };
}
