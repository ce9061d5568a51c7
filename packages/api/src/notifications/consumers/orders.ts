import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { CatalogFacts, ContactBook } from '../clients.js';
import type { ORDER_TRIGGERS } from '../index.js';
import type { Notifier } from '../notifier.js';
import { orderCancelledPlans, orderPaidPlans, orderRecipient, orderRefundedPlans, paymentFailedPlans, statusChangedPlans, type MessagePlan } from '../plans.js';
import type { CampaignsRepository, NotificationsRepository } from '../repository.js';

/**
 * Consumer `notifications.orders`: the order messages (confirmation, payment failed, shipped,
 * delivered, cancelled, refunded) to the customer (contacts read model) or the guest's e-mail; the
 * store's name from orders' settings; customers' paid orders and purchases for campaign segments. A customer notifications has not heard of is asked of
 * identity (clients.ts); one identity does not know either is retried by the bus.
 */
export function ordersHandlers(
  repository: NotificationsRepository,
  notifier: Notifier,
  contacts: ContactBook,
  segments: { campaigns: Pick<CampaignsRepository, 'recordPaidOrder' | 'recordRefund'>; catalog: Pick<CatalogFacts, 'productCategories'> },
): ConsumerHandlers<(typeof ORDER_TRIGGERS)[number]> {
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
      // Campaign segments learn who bought what, and for how much (customers only).
      if (event.type === 'orders.order_paid' && event.data.customerId) {
        const categories = await segments.catalog.productCategories(event.data.lines.map((line) => line.productId));
        await segments.campaigns.recordPaidOrder(
          { orderId: event.data.orderId, customerId: event.data.customerId, total: event.data.total, paidAt: new Date(event.occurredAt) },
          event.data.lines.map((line) => ({ productId: line.productId, categoryId: categories.get(line.productId) ?? null })),
        );
      }
      if (event.type === 'orders.order_refunded') await segments.campaigns.recordRefund(event.data.orderId, event.data.amountRefunded);
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
