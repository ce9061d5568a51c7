import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { ORDER_FACTS } from '../index.js';
import type { AnalyticsService } from '../service.js';

/**
 * Consumer `analytics.orders`: sales facts. order_paid recognises revenue (order, lines, products,
 * categories, new vs returning buyer, shelf attribution); order_refunded is negative revenue on the
 * refund's day; order_cancelled only marks the fact (a paid order cancelled with its money back also
 * publishes order_refunded in the same transaction: money follows order_refunded alone, never twice).
 * Each event is one transaction with its inbox row (processed_events): a redelivery changes nothing.
 */
export function ordersHandlers(service: Pick<AnalyticsService, 'orderPaid' | 'orderRefunded' | 'orderCancelled'>): ConsumerHandlers<(typeof ORDER_FACTS)[number]> {
  return {
    async handle(event) {
      switch (event.type) {
        case 'orders.order_paid':
          return service.orderPaid(event);
        case 'orders.order_refunded':
          return service.orderRefunded(event);
        case 'orders.order_cancelled':
          return service.orderCancelled(event);
      }
    },
  };
}
