import type { orderPaid, statusChanged } from '../../orders/index.js';
import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { PromotionsService } from '../service.js';

/**
 * Consumer `promotions.orders`: the redemption follows its order. `orders.order_paid` commits it
 * (written with the paid status, so every paid order's redemption is committed at least once); an
 * order that leaves `pending_payment` for `payment_failed` or `cancelled` releases it. Orders also
 * releases directly in its compensations (a shopper may retry at once); both are idempotent.
 */
export function orderEventHandlers(service: Pick<PromotionsService, 'commit' | 'release'>): ConsumerHandlers<typeof orderPaid | typeof statusChanged> {
  return {
    async handle(event) {
      if (event.type === 'orders.order_paid') {
        const data = event.data as { orderId: string; total: number; discounts?: { promotionId: string; amount: number }[] };
        await service.commit({ orderId: data.orderId, total: data.total, discounts: data.discounts ?? [] });
        return;
      }
      const data = event.data as { orderId: string; from: string; to: string };
      if (data.from === 'pending_payment' && (data.to === 'payment_failed' || data.to === 'cancelled')) await service.release(data.orderId);
    },
  };
}
