import type { Logger } from 'pino';
import type { orderPaid } from '../../orders/index.js';
import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { OrdersStock } from '../clients.js';
import type { InventoryService } from '../service.js';

/**
 * Consumer `inventory.sales`: a paid order's reservation becomes the sale (the checkout saga's
 * `commit` step, taken from `orders.order_paid` instead of a call inside every checkout). The
 * event is written with the order's status change, so every paid order's sale is taken at least
 * once; taking it twice is a no-op. A reservation whose hold expired and whose units are gone is
 * reported to orders, which refunds and cancels the order; if orders cannot be told, the batch
 * fails and the bus delivers it again.
 */
export function salesHandlers(service: Pick<InventoryService, 'commitSales'>, orders: OrdersStock, logger: Logger): ConsumerHandlers<typeof orderPaid> {
  async function take(orderIds: string[]): Promise<void> {
    const result = await service.commitSales(orderIds);
    for (const skipped of result.skipped) {
      // A reservation given back already (the order was cancelled first) is the expected late event; an unknown one is not.
      if (skipped.status === 'returned') continue;
      logger.warn({ orderId: skipped.reservationId, status: skipped.status }, 'paid order has no reservation to take the sale from');
    }
    for (const shortage of result.shortages) {
      logger.error({ orderId: shortage.reservationId, sku: shortage.sku, requested: shortage.requested, available: shortage.available }, 'stock of a paid order ran out before its sale was taken; orders refunds it');
      await orders.saleFailed({ orderId: shortage.reservationId, sku: shortage.sku, requested: shortage.requested, available: shortage.available });
    }
  }
  return {
    handle: (event) => take([event.data.orderId]),
    // Every paid order ready at once, in one statement.
    handleBatch: (events) => (events.length > 0 ? take(events.map((event) => event.data.orderId)) : Promise.resolve()),
  };
}
