import type { productArchived, productCreated, productUpdated } from '../../catalog/index.js';
import type { stockChanged } from '../../inventory/index.js';
import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { RecommendationsRepository } from '../repository.js';

/**
 * Consumer `recommendations.catalog`: product facts (name, category, brand, status) from the
 * catalog's events and availability per SKU from inventory's. Descriptions and attributes are not
 * in the events: the full sync (jobs/rebuild.ts) brings them. Older facts never overwrite newer ones
 * (occurredAt; stock by its version).
 */
export function catalogHandlers(
  repository: RecommendationsRepository,
  consumer: string,
): ConsumerHandlers<typeof productCreated | typeof productUpdated | typeof productArchived | typeof stockChanged> {
  return {
    async handle(event) {
      const at = new Date(event.occurredAt);
      await repository.once(consumer, event.id, async (client) => {
        switch (event.type) {
          case 'catalog.product_created':
          case 'catalog.product_updated': {
            const { productId, sku, name, categoryId, brand, status } = event.data;
            await repository.upsertProduct(client, { id: productId, sku, name, categoryId, brand, status }, at);
            break;
          }
          case 'catalog.product_archived':
            await repository.archiveProduct(client, event.data.productId, at);
            break;
          case 'inventory.stock_changed':
            await repository.applyStock(client, event.data.sku, event.data.available, event.data.version);
            break;
        }
      });
    },
  };
}
