import type { CatalogRouter } from '../catalog/index.js';
import type { OrdersRouter } from '../orders/index.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService } from '../runtime/service-client.js';

/** What inventory asks other domains, as small ports (the service and its tests use these). */
export interface CatalogSkus {
  /** Whether the catalog knows a SKU (admins may only stock products that exist). */
  skuExists(sku: string): Promise<boolean>;
}

/** The catalog's internal productsBySkus, over its tRPC endpoint with the service token. */
export function createCatalogSkus(deps: Pick<DomainDeps, 'client'>): CatalogSkus {
  const catalog = deps.client<CatalogRouter>('catalog');
  return {
    async skuExists(sku) {
      const { products } = await callService('catalog', () => catalog.productsBySkus.query({ skus: [sku] }));
      return products.some((product) => product.sku === sku);
    },
  };
}

/** A paid order whose stock ran out before inventory took its sale (its hold had expired). */
export interface SaleShortage {
  orderId: string;
  sku: string;
  requested: number;
  available: number;
}

export interface OrdersStock {
  /** Tells orders the sale cannot be taken: orders refunds and cancels the order (idempotent). */
  saleFailed(shortage: SaleShortage): Promise<void>;
}

/** Orders' internal saleFailed, over its tRPC endpoint with the service token. */
export function createOrdersStock(deps: Pick<DomainDeps, 'client'>): OrdersStock {
  const orders = deps.client<OrdersRouter>('orders');
  return {
    async saleFailed(shortage) {
      await callService('orders', () => orders.saleFailed.mutate(shortage));
    },
  };
}
