import type { OrderStatus } from './types';

/**
 * The orders service's status machine (packages/api orders/status.ts, the legal moves in
 * `orders.updateStatus`'s description), so the order page offers only what the service accepts.
 * The service decides: an action it refuses (409) is shown as its message.
 */
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

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Fulfilled',
  delivered: 'Delivered',
  payment_failed: 'Payment failed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partially refunded',
};

export const STATUS_TONES: Readonly<Record<OrderStatus, 'neutral' | 'success' | 'warning' | 'danger' | 'info'>> = {
  pending_payment: 'warning',
  paid: 'info',
  fulfilled: 'info',
  delivered: 'success',
  payment_failed: 'danger',
  cancelled: 'neutral',
  refunded: 'neutral',
  partially_refunded: 'warning',
};

export type OrderAction = 'fulfil' | 'deliver' | 'cancel' | 'refund';

/** What staff may do with an order in this status, and how much is left to refund (cents). */
export function availableActions(order: { status: OrderStatus; total: number; amountRefunded: number }): { actions: OrderAction[]; refundable: number } {
  const next = TRANSITIONS[order.status];
  const refundable = Math.max(0, order.total - order.amountRefunded);
  const actions: OrderAction[] = [];
  if (next.includes('fulfilled')) actions.push('fulfil');
  if (next.includes('delivered')) actions.push('deliver');
  if (next.includes('cancelled')) actions.push('cancel');
  if ((next.includes('refunded') || next.includes('partially_refunded')) && refundable > 0) actions.push('refund');
  return { actions, refundable };
}
