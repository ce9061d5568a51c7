import type { DomainError } from '../runtime/errors.js';
import type { OrderRow } from './repository.js';
import type { OrderDto, OrderSummaryDto } from './schemas.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The history actor of what the saga, recovery and consumers do on their own. */
export const SYSTEM = 'system';

/** The order as checkout answers it: exactly the fields. */
export function toOrderDto(row: OrderRow): OrderDto {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    items: row.items.map((item) => ({ ...item })),
    subtotal: row.subtotal,
    discount: row.discount,
    discounts: row.discounts.map((discount) => ({ ...discount })),
    shipping: row.shipping,
    tax: row.tax,
    total: row.total,
    currency: row.currency,
    payment: { status: row.paymentStatus, intentId: row.paymentIntentId },
    createdAt: row.createdAt,
  };
}

export function toOrderSummary(row: OrderRow): OrderSummaryDto {
  return {
    ...toOrderDto(row),
    customerId: row.customerId,
    guestEmail: row.guestEmail,
    shippingAddress: row.shippingAddress,
    amountRefunded: row.amountRefunded,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    updatedAt: row.updatedAt,
  };
}

/** The REST error body a stored idempotency answer replays. */
export function errorBody(error: DomainError) {
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
}
