import type { OrderStatus, OrderSummary } from '../orders/types';

/** Statuses whose money was taken (the orders service's revenue counts the same ones); refunds are subtracted. */
export const PAID_STATUSES: ReadonlySet<OrderStatus> = new Set(['paid', 'fulfilled', 'delivered', 'partially_refunded', 'refunded']);

export type Address = OrderSummary['shippingAddress'];

export interface CustomerInsights {
  /** Cents: Σ (total − amountRefunded) over paid orders. */
  lifetimeValue: number;
  paidOrders: number;
  orders: number;
  /** ISO timestamp of the newest order, or null. */
  lastOrderAt: string | null;
  /** Every distinct shipping address, newest first (with how many orders went there). */
  addresses: Array<{ address: Address; orders: number }>;
}

const addressKey = (address: Address) =>
  [address.name, address.line1, address.line2 ?? '', address.postalCode, address.city, address.country].map((part) => part.trim().toLowerCase()).join('|');

/** What the customer page says about a customer's orders (all of them, any order). */
export function customerInsights(orders: readonly OrderSummary[]): CustomerInsights {
  const newestFirst = [...orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const paid = newestFirst.filter((order) => PAID_STATUSES.has(order.status));
  const addresses = new Map<string, { address: Address; orders: number }>();
  for (const order of newestFirst) {
    const key = addressKey(order.shippingAddress);
    const seen = addresses.get(key);
    if (seen) seen.orders += 1;
    else addresses.set(key, { address: order.shippingAddress, orders: 1 });
  }
  return {
    lifetimeValue: paid.reduce((sum, order) => sum + order.total - order.amountRefunded, 0),
    paidOrders: paid.length,
    orders: orders.length,
    lastOrderAt: newestFirst[0]?.createdAt ?? null,
    addresses: [...addresses.values()],
  };
}
