import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { ContactBook } from '../clients.js';
import type { ORDER_TRIGGERS } from '../index.js';
import type { Notifier } from '../notifier.js';
import { orderCancelledPlans, orderPaidPlans, orderRecipient, orderRefundedPlans, paymentFailedPlans, statusChangedPlans, type MessagePlan } from '../plans.js';
import type { NotificationsRepository } from '../repository.js';

/**
 * Consumer `notifications.orders`: the order messages (confirmation, payment failed, shipped,
 * delivered, cancelled, refunded) to the customer (contacts read model) or the guest's e-mail, and
 * the store's name from orders' settings. A customer notifications has not heard of is asked of
 * identity (clients.ts); one identity does not know either is retried by the bus.
 */
export function ordersHandlers(repository: NotificationsRepository, notifier: Notifier, contacts: ContactBook): ConsumerHandlers<(typeof ORDER_TRIGGERS)[number]> {
  async function recipientOf(order: { orderId: string; customerId: string | null; guestEmail: string | null }) {
    const contact = order.customerId ? await contacts.findContact(order.customerId) : null;
    const to = orderRecipient(order, contact);
    if (!to && order.customerId) throw new Error(`order ${order.orderId}: customer ${order.customerId} is unknown to identity; retrying`);
    return { to, contact };
  }

  return {
    async handle(event) {
      if (event.type === 'orders.settings_changed') {
        await repository.saveStoreName(event.data.storeName, event.data.version);
        return;
      }
      const { to, contact } = await recipientOf(event.data);
      if (!to) return; // a guest order without an e-mail: nobody to tell
      let plans: MessagePlan[] = [];
      switch (event.type) {
        case 'orders.order_paid':
          plans = orderPaidPlans(event, to, notifier.links);
          break;
        case 'orders.status_changed':
          plans = [...statusChangedPlans(event, to, notifier.links), ...paymentFailedPlans(event, to, notifier.links)];
          break;
        case 'orders.order_cancelled':
          plans = orderCancelledPlans(event, to, notifier.links);
          break;
        case 'orders.order_refunded':
          plans = orderRefundedPlans(event, to, notifier.links);
          break;
      }
      await notifier.deliver(event, plans, [contact]);
    },
  };
}
