import type { OrderStatus } from './types';

/** Every order status, in the order the filter lists them. */
export const ORDER_STATUSES_LIST: readonly OrderStatus[] = [
  'pending_payment',
  'paid',
  'fulfilled',
  'delivered',
  'partially_refunded',
  'refunded',
  'cancelled',
  'payment_failed',
];
