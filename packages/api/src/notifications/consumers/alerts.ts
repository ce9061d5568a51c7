import type { ConsumerHandlers } from '../../runtime/domain.js';
import { cartStateHash, type Alerts } from '../alerts.js';
import type { ALERT_TRIGGERS } from '../index.js';

/**
 * Consumer `notifications.alerts`: the facts alerts and reminders need — products' prices and
 * status from catalog, availability from inventory, customers' carts from cart — and the alerts
 * they fire (back in stock, price drop). Each alert writes its message in the transaction that
 * closes or moves it, so a redelivered event fires nothing twice.
 */
export function alertsHandlers(alerts: Alerts): ConsumerHandlers<(typeof ALERT_TRIGGERS)[number]> {
  return {
    async handle(event) {
      switch (event.type) {
        case 'inventory.stock_changed':
          await alerts.stockChanged(event, event.data);
          return;
        case 'catalog.product_updated':
          await alerts.productUpdated(event, event.data);
          return;
        case 'catalog.product_archived':
          await alerts.productArchived(event.data.productId);
          return;
        case 'cart.cart_updated': {
          const cart = event.data;
          await alerts.cartUpdated({
            cartId: cart.cartId,
            customerId: cart.customerId,
            status: cart.status,
            lines: cart.lines,
            itemCount: cart.itemCount,
            subtotal: cart.subtotal,
            currency: cart.currency,
            stateHash: cartStateHash(cart.lines),
            changedAt: new Date(event.occurredAt),
          });
          return;
        }
      }
    },
  };
}
