import { z } from 'zod';
import { auditContract, defineEvent, shippingAddressSchema } from '@omnicart/contracts';

/**
 * What orders announces, each written in the same statement as the change (repository.ts). Orders
 * carry their buyer (customer id, or the guest's e-mail), lines and totals, so consumers (e-mails,
 * analytics) need not call back.
 */

/** Every status an order can be in (the machine between them: status.ts). Part of the contracts. */
export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'fulfilled',
  'delivered',
  'payment_failed',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const status = z.enum(ORDER_STATUSES);
const line = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  lineTotal: z.number().int(),
  /** What promotions took off the line (absent in events written before promotions). */
  discount: z.number().int().optional(),
});
/** One promotion's part of the order's discount (absent in events written before promotions). */
const discounts = {
  discount: z.number().int().optional(),
  discounts: z
    .array(z.object({ promotionId: z.string(), kind: z.enum(['code', 'automatic']), code: z.string().nullable(), name: z.string(), label: z.string(), amount: z.number().int() }))
    .optional(),
};
const order = {
  orderId: z.uuid(),
  number: z.string(),
  /** null for a guest order. */
  customerId: z.uuid().nullable(),
  /** The guest's e-mail (null for a customer's order: their contact details are identity's). */
  guestEmail: z.string().nullable(),
  currency: z.string().length(3),
};
const totals = { subtotal: z.number().int(), shipping: z.number().int(), tax: z.number().int(), total: z.number().int() };

export const orderPlaced = defineEvent({
  type: 'orders.order_placed',
  version: 1,
  aggregate: 'orderId',
  description: 'A checkout created an order (pending payment): its lines, totals, discounts and shipping address.',
  schema: z.object({ ...order, ...totals, ...discounts, lines: z.array(line).min(1), shippingAddress: shippingAddressSchema, cartId: z.string().nullable() }),
});

export const orderPaid = defineEvent({
  type: 'orders.order_paid',
  version: 1,
  aggregate: 'orderId',
  description: 'An order’s payment succeeded and its stock was taken (revenue is recognised here); with the discounts it got (promotions commits their redemption).',
  schema: z.object({
    ...order,
    ...totals,
    ...discounts,
    lines: z.array(line).min(1),
    shippingAddress: shippingAddressSchema,
    intentId: z.string().nullable(),
  }),
});

export const statusChanged = defineEvent({
  type: 'orders.status_changed',
  version: 1,
  aggregate: 'orderId',
  description:
    'An order moved from one status to another (checkout, payment events, recovery or an admin); into `fulfilled` with the carrier and tracking number when given.',
  schema: z.object({
    ...order,
    from: status,
    to: status,
    /** The history's actor: a user id, `system`, `webhook` or `guest`. */
    actor: z.string(),
    note: z.string().nullable(),
    /** Into `fulfilled`, when the admin gave them: who ships the order, and the parcel's tracking number. */
    carrier: z.string().optional(),
    trackingNumber: z.string().optional(),
    /** The order's total (absent in events written before it was added). */
    total: z.number().int().optional(),
  }),
});

export const orderRefunded = defineEvent({
  type: 'orders.order_refunded',
  version: 1,
  aggregate: 'orderId',
  description: 'Money of a paid order went back: `amount` this time, `amountRefunded` in all (net revenue drops by `amount`).',
  schema: z.object({
    ...order,
    total: z.number().int(),
    amount: z.number().int(),
    amountRefunded: z.number().int(),
    full: z.boolean(),
    /** The status the order moved to with this refund (`cancelled` when the refund came with a cancellation). Absent in events written before it was added. */
    status: status.optional(),
  }),
});

export const orderCancelled = defineEvent({
  type: 'orders.order_cancelled',
  version: 1,
  aggregate: 'orderId',
  description: 'An order was cancelled (before or after payment; a paid one is refunded with it).',
  schema: z.object({ ...order, from: status, total: z.number().int(), amountRefunded: z.number().int(), note: z.string().nullable() }),
});

/** The audit trail of staff and integration writes (the audit domain's read model consumes it). */
export const ordersAudit = auditContract('orders');

export const settingsChanged = defineEvent({
  type: 'orders.settings_changed',
  version: 1,
  aggregate: 'id',
  description:
    'Staff saved the store settings (PUT /settings): the whole new set (store name, time zone, shipping, tax rates as decimals) with its version, for services that show or use them.',
  schema: z.object({
    id: z.literal('store'),
    version: z.number().int().min(1),
    storeName: z.string(),
    timeZone: z.string(),
    shippingFlatCents: z.number().int(),
    freeShippingThresholdCents: z.number().int(),
    defaultTaxRate: z.number(),
    taxRates: z.array(z.object({ country: z.string().length(2), rate: z.number() })),
  }),
});

export const ordersEvents = [orderPlaced, orderPaid, statusChanged, orderRefunded, orderCancelled, ordersAudit, settingsChanged] as const;
