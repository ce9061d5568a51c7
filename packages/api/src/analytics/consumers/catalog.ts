import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { CATALOG_FACTS } from '../index.js';
import type { AnalyticsService } from '../service.js';

/** Consumer `analytics.catalog`: the product read model (name, category) reports name rows with. */
export function catalogHandlers(service: Pick<AnalyticsService, 'productChanged' | 'productArchived'>): ConsumerHandlers<(typeof CATALOG_FACTS)[number]> {
  return {
    async handle(event) {
      if (event.type === 'catalog.product_archived') return service.productArchived(event);
      return service.productChanged(event);
    },
  };
}
