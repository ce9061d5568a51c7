import { csvRow } from '../csv';
import { STATUS_LABELS } from './status';
import type { OrderSummary } from './types';

export const ORDER_CSV_HEADER = csvRow([
  'Order number',
  'Order id',
  'Created at',
  'Status',
  'Customer id',
  'Guest email',
  'Ship to',
  'Country',
  'Items',
  'Subtotal',
  'Shipping',
  'Tax',
  'Total',
  'Refunded',
  'Currency',
]);

/** Amounts in major units with two decimals (what spreadsheets sum), the currency in its own column. */
const major = (cents: number) => (cents / 100).toFixed(2);

export function orderCsvRow(order: OrderSummary): string {
  return csvRow([
    order.number,
    order.id,
    order.createdAt,
    STATUS_LABELS[order.status],
    order.customerId,
    order.guestEmail,
    order.shippingAddress.name,
    order.shippingAddress.country,
    order.items.reduce((sum, item) => sum + item.quantity, 0),
    major(order.subtotal),
    major(order.shipping),
    major(order.tax),
    major(order.total),
    major(order.amountRefunded),
    order.currency,
  ]);
}
