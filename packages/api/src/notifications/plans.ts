import type { EmailTemplateName, EmailTemplates, SmsTemplates } from '@omnicart/emails';
import type { EventOf } from '@omnicart/contracts';
import type { orderCancelled, orderPaid, orderRefunded, statusChanged } from '../orders/index.js';
import type { ContactRow, MessageKind } from './repository.js';

/**
 * What each triggering event sends, to whom: pure functions from an event (and the contact it is
 * about) to message plans. The consumer renders the plans and writes them in one transaction.
 */

export type EmailPlan = {
  [T in EmailTemplateName]: { channel: 'email'; template: T; data: EmailTemplates[T]; recipient: string; userId: string | null; orderId: string | null; kind: MessageKind };
}[EmailTemplateName];
export type SmsPlan = {
  [T in keyof SmsTemplates]: { channel: 'sms'; template: T; data: SmsTemplates[T]; recipient: string; userId: string | null; orderId: string | null; kind: MessageKind };
}[keyof SmsTemplates];
export type MessagePlan = EmailPlan | SmsPlan;

/** Why a planned message is written but not sent (kept in the log as `suppressed`). */
export type Suppression = string | null;

export interface Links {
  storefrontUrl: string;
  adminUrl: string;
}

/** Who an order's messages go to: the customer (from contacts), or the guest's e-mail. */
export interface OrderRecipient {
  email: string;
  name: string | null;
  userId: string | null;
  /** The customer's SMS number when they opted in to SMS; null otherwise. */
  smsPhone: string | null;
}

export function orderRecipient(order: { customerId: string | null; guestEmail: string | null }, contact: ContactRow | null): OrderRecipient | null {
  if (order.customerId) {
    if (!contact) return null;
    return { email: contact.email, name: contact.name, userId: contact.userId, smsPhone: contact.smsOptIn && contact.phone ? contact.phone : null };
  }
  return order.guestEmail ? { email: order.guestEmail.toLowerCase(), name: null, userId: null, smsPhone: null } : null;
}

/** The order's page: the customer's account page; a guest's confirmation page (opens in the browser that placed it). */
export function orderUrl(links: Links, order: { orderId: string; customerId: string | null }): string {
  return order.customerId ? `${links.storefrontUrl}/account/orders/${order.orderId}` : `${links.storefrontUrl}/checkout/confirmation/${order.orderId}`;
}

function emailPlan<T extends EmailTemplateName>(template: T, data: EmailTemplates[T], to: OrderRecipient, orderId: string): EmailPlan {
  return { channel: 'email', template, data, recipient: to.email, userId: to.userId, orderId, kind: 'transactional' } as EmailPlan;
}

function smsPlan<T extends keyof SmsTemplates>(template: T, data: SmsTemplates[T], to: OrderRecipient, orderId: string): SmsPlan[] {
  return to.smsPhone ? [{ channel: 'sms', template, data, recipient: to.smsPhone, userId: to.userId, orderId, kind: 'transactional' } as SmsPlan] : [];
}

export function orderPaidPlans(event: EventOf<typeof orderPaid>, to: OrderRecipient, links: Links): MessagePlan[] {
  const order = event.data;
  const data: EmailTemplates['order_confirmation'] = {
    name: to.name ?? order.shippingAddress.name,
    orderNumber: order.number,
    orderUrl: orderUrl(links, order),
    currency: order.currency,
    lines: order.lines.map((line) => ({ name: line.name, sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, lineTotal: line.lineTotal, discount: line.discount ?? 0 })),
    subtotal: order.subtotal,
    // Events written before promotions carry no discount fields: none.
    discount: order.discount ?? 0,
    discounts: (order.discounts ?? []).map((entry) => ({ name: entry.name, code: entry.code, amount: entry.amount })),
    shipping: order.shipping,
    tax: order.tax,
    total: order.total,
    shippingAddress: { ...order.shippingAddress, line2: order.shippingAddress.line2 ?? null },
  };
  return [emailPlan('order_confirmation', data, to, order.orderId), ...smsPlan('order_confirmation', data, to, order.orderId)];
}

export function statusChangedPlans(event: EventOf<typeof statusChanged>, to: OrderRecipient, links: Links): MessagePlan[] {
  const order = event.data;
  const url = orderUrl(links, order);
  switch (order.to) {
    case 'fulfilled': {
      const data = { orderNumber: order.number, orderUrl: url, carrier: order.carrier ?? null, trackingNumber: order.trackingNumber ?? null };
      return [emailPlan('order_shipped', data, to, order.orderId), ...smsPlan('order_shipped', data, to, order.orderId)];
    }
    case 'delivered': {
      const data = { orderNumber: order.number, orderUrl: url };
      return [emailPlan('order_delivered', data, to, order.orderId), ...smsPlan('order_delivered', data, to, order.orderId)];
    }
    default:
      // Cancellations and refunds have their own events (with the amounts); payment failures are told
      // by payment_failed below; the other moves (paid, …) send nothing here.
      return [];
  }
}

/** `orders.status_changed` into payment_failed: "your payment did not go through", with a link back to the cart. */
export function paymentFailedPlans(event: EventOf<typeof statusChanged>, to: OrderRecipient, links: Links): MessagePlan[] {
  if (event.data.to !== 'payment_failed') return [];
  const order = event.data;
  return [emailPlan('payment_failed', { orderNumber: order.number, currency: order.currency, total: order.total ?? 0, cartUrl: `${links.storefrontUrl}/cart` }, to, order.orderId)];
}

export function orderCancelledPlans(event: EventOf<typeof orderCancelled>, to: OrderRecipient, links: Links): MessagePlan[] {
  const order = event.data;
  // A checkout that never got paid (declined, abandoned) is told by payment_failed, not as a cancellation.
  if (order.from === 'pending_payment' || order.from === 'payment_failed') return [];
  return [emailPlan('order_cancelled', { orderNumber: order.number, orderUrl: orderUrl(links, order), currency: order.currency, amountRefunded: order.amountRefunded }, to, order.orderId)];
}

export function orderRefundedPlans(event: EventOf<typeof orderRefunded>, to: OrderRecipient, links: Links): MessagePlan[] {
  const order = event.data;
  // The cancellation e-mail tells a refund that came with a cancellation.
  if (order.status === 'cancelled') return [];
  const data = { orderNumber: order.number, orderUrl: orderUrl(links, order), currency: order.currency, amount: order.amount, amountRefunded: order.amountRefunded, total: order.total, full: order.full };
  return [emailPlan('order_refunded', data, to, order.orderId)];
}
