import type { BadgeTone } from '@omnicart/ui';

/** Order statuses in the shopper's words, with the badge tone that goes with them. */
const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  pending_payment: { label: 'Awaiting payment', tone: 'warning' },
  paid: { label: 'Paid', tone: 'success' },
  fulfilled: { label: 'Shipped', tone: 'info' },
  delivered: { label: 'Delivered', tone: 'success' },
  payment_failed: { label: 'Payment failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  refunded: { label: 'Refunded', tone: 'neutral' },
  partially_refunded: { label: 'Partially refunded', tone: 'neutral' },
};

export function orderStatus(status: string): { label: string; tone: BadgeTone } {
  return STATUS[status] ?? { label: status.replace(/_/g, ' '), tone: 'neutral' };
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Dates in UTC so the server render and the browser agree. */
export function formatOrderDate(iso: string, withTime = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (withTime ? dateTimeFormat : dateFormat).format(date) + (withTime ? ' UTC' : '');
}

/** "Shipped via UPS, tracking 1Z…" (or whichever of the two the shop recorded); null when it recorded neither. */
export function shipmentText(order: { carrier?: string | null; trackingNumber?: string | null }): string | null {
  const { carrier, trackingNumber } = order;
  if (carrier && trackingNumber) return `Shipped via ${carrier}, tracking ${trackingNumber}`;
  if (carrier) return `Shipped via ${carrier}`;
  if (trackingNumber) return `Shipped, tracking ${trackingNumber}`;
  return null;
}
