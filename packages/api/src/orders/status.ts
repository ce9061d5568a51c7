/**
 * The order status machine, pure. pending_payment → paid → fulfilled → delivered is the happy
 * path; a payment can fail or the order be cancelled before payment; a paid order can be
 * cancelled (refunded in full), and paid, fulfilled or delivered orders refunded in full or in
 * part. A partially refunded order can only be refunded further: it is not fulfilled afterwards
 * (an operator refunds the rest or leaves it as is).
 */
import { ORDER_STATUSES, type OrderStatus } from './events.js';

export { ORDER_STATUSES, type OrderStatus };

export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'payment_failed', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'refunded', 'partially_refunded'],
  fulfilled: ['delivered', 'refunded', 'partially_refunded'],
  delivered: ['refunded', 'partially_refunded'],
  partially_refunded: ['refunded', 'partially_refunded'],
  payment_failed: [],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses in which the customer's money has been captured (and may be refunded). */
export const CAPTURED_STATUSES: readonly OrderStatus[] = ['paid', 'fulfilled', 'delivered', 'partially_refunded'];
