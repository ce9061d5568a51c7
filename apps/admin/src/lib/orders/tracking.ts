import type { OrderDetail } from './types';

/** The shipment's carrier and tracking number, recorded by the orders service when the order was fulfilled. */
export function trackingOf(order: Pick<OrderDetail, 'carrier' | 'trackingNumber'>): { carrier: string; trackingNumber: string } | null {
  return order.trackingNumber ? { carrier: order.carrier ?? '', trackingNumber: order.trackingNumber } : null;
}
