import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { orderPaid } from '../../orders/index.js';
import type { RecommendationsRepository } from '../repository.js';

/**
 * Consumer `recommendations.orders`: the lines of paid orders are purchases (co-purchase pairs
 * within a customer's baskets, a customer's history for for-you, trending's orders). Once per event
 * (the inbox); the products bought are marked for the refresher.
 */
export function ordersHandlers(repository: RecommendationsRepository, consumer: string): ConsumerHandlers<typeof orderPaid> {
  return {
    async handle(event) {
      const paidAt = new Date(event.occurredAt);
      await repository.once(consumer, event.id, (client) =>
        repository.recordPurchases(
          client,
          event.data.lines.map((line) => ({ orderId: event.data.orderId, productId: line.productId, customerId: event.data.customerId, quantity: line.quantity, paidAt })),
        ),
      );
    },
  };
}
