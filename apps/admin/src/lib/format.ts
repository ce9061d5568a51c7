import { formatMoney } from '@omnicart/ui';

export const money = (amount: number, currency = 'USD'): string => formatMoney({ amount, currency });

/** "Dec 6, 2026, 22:54 UTC": the services' times, in one zone for every staff member. */
export function dateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })} UTC`;
}

export function shortDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

/** Who bought: the guest's email, or the customer's id (identity owns names). */
export function buyerOf(order: { guestEmail: string | null; customerId: string | null; shippingAddress: { name: string } }): string {
  return order.guestEmail ? `${order.shippingAddress.name} (guest, ${order.guestEmail})` : order.shippingAddress.name;
}
