import type { OrderDetail } from './types';

/**
 * The shipment's carrier and tracking number: the order's own fields once the orders service has
 * them (branch orders-admin), else read back from the fulfilment note the admin writes
 * ("Shipped with UPS, tracking number 1Z999").
 */
export function trackingOf(order: OrderDetail): { carrier: string; trackingNumber: string } | null {
  const own = order as OrderDetail & { carrier?: string | null; trackingNumber?: string | null };
  if (own.trackingNumber) return { carrier: own.carrier ?? '', trackingNumber: own.trackingNumber };
  const fulfilled = [...order.statusHistory].reverse().find((entry) => entry.to === 'fulfilled');
  const match = fulfilled?.note ? /^Shipped with (.+), tracking number (.+)$/.exec(fulfilled.note) : null;
  return match ? { carrier: match[1]!, trackingNumber: match[2]! } : null;
}
