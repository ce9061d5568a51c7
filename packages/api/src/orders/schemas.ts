import { z } from 'zod';
import { ORDER_STATUSES } from './status.js';

/** Zod input/output schemas of the orders procedures (also the OpenAPI source). */

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 99;

export const orderStatusSchema = z.enum(ORDER_STATUSES);

export const shippingAddressSchema = z.object({
  name: z.string().trim().min(1).max(200),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code in upper case, e.g. "US"')
    .meta({ example: 'US' }),
});
export type ShippingAddress = z.infer<typeof shippingAddressSchema>;

export const paymentMethodSchema = z
  .string()
  .regex(/^pm_[A-Za-z0-9_]{1,100}$/, 'paymentMethod must be a payment method id such as "pm_card_visa"')
  .meta({ example: 'pm_card_visa' });

/** Any other field on a line (unitPrice, price, total...) is dropped: prices come from the catalog. */
export const orderLineInput = z.object({
  productId: z.uuid(),
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});

export const createOrderInput = z.object({
  items: z.array(orderLineInput).min(1, 'items: an order needs at least one line').max(MAX_ORDER_LINES),
  shippingAddress: shippingAddressSchema,
  paymentMethod: paymentMethodSchema,
});
export type CreateOrderInput = z.infer<typeof createOrderInput>;

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be 1–255 printable ASCII characters without spaces');

export const checkoutInput = z.object({
  /** A guest cart id; without it the signed-in customer's own cart is used. */
  cartId: z
    .string()
    .trim()
    .min(16)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'Invalid cart id')
    .optional(),
  shippingAddress: shippingAddressSchema,
  paymentMethod: paymentMethodSchema,
  /** The Idempotency-Key (or send it as the header). */
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type CheckoutInput = z.infer<typeof checkoutInput>;

export const orderItemSchema = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  lineTotal: z.number().int(),
});
export type OrderItemDto = z.infer<typeof orderItemSchema>;

export const paymentSummarySchema = z.object({
  /** The payment's last known status: pending, succeeded, requires_action, processing, failed, canceled, refunded. */
  status: z.string(),
  intentId: z.string().nullable(),
});

/** The order as POST /orders and checkout answer it (exactly these fields). */
export const orderSchema = z.object({
  id: z.uuid(),
  number: z.string().meta({ example: 'OC-00000042' }),
  status: orderStatusSchema,
  items: z.array(orderItemSchema),
  subtotal: z.number().int(),
  shipping: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  currency: z.string(),
  payment: paymentSummarySchema,
  createdAt: z.string(),
});
export type OrderDto = z.infer<typeof orderSchema>;

export const statusHistoryEntrySchema = z.object({
  from: orderStatusSchema.nullable(),
  to: orderStatusSchema,
  /** A user id, "system" (checkout, recovery) or "webhook" (payment events). */
  actor: z.string(),
  note: z.string().nullable(),
  at: z.string(),
});
export type StatusHistoryEntry = z.infer<typeof statusHistoryEntrySchema>;

/** GET/list/update answers: the order plus who it belongs to, where it ships and refunds so far. */
export const orderSummarySchema = orderSchema.extend({
  customerId: z.uuid(),
  shippingAddress: shippingAddressSchema,
  amountRefunded: z.number().int(),
  updatedAt: z.string(),
});
export type OrderSummaryDto = z.infer<typeof orderSummarySchema>;

export const orderDetailSchema = orderSummarySchema.extend({
  statusHistory: z.array(statusHistoryEntrySchema),
});
export type OrderDetailDto = z.infer<typeof orderDetailSchema>;

export const orderIdInput = z.object({ id: z.string() });

export const listOrdersInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** Narrows by status, for anyone (customers always see only their own orders). */
  status: orderStatusSchema.optional(),
  /** Admin filter (ignored for customers). */
  customerId: z.uuid().optional(),
  /** Inclusive lower bound on createdAt: an ISO date or timestamp. */
  from: z.string().optional(),
  /** Upper bound: a timestamp (inclusive), or a date (YYYY-MM-DD) covering that whole day. */
  to: z.string().optional(),
});
export type ListOrdersInput = z.infer<typeof listOrdersInput>;

export const orderPageSchema = z.object({
  items: z.array(orderSummarySchema),
  nextCursor: z.string().nullable(),
});
export type OrderPage = z.infer<typeof orderPageSchema>;

export const updateStatusInput = z.object({
  id: z.string(),
  status: orderStatusSchema,
  note: z.string().trim().max(500).optional(),
  /** Cents to refund; required for (and only allowed with) partially_refunded. */
  amount: z.number().int().min(1).optional(),
});
export type UpdateStatusInput = z.infer<typeof updateStatusInput>;
