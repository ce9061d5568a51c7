import { z } from 'zod';
import {
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  countryCodeSchema,
  lineQuantitySchema,
  numberedPageSchema,
  pageNumberSchema,
  pageSizeSchema,
  shippingAddressSchema,
  text,
  type ShippingAddress,
} from '@omnicart/contracts';
import { ORDER_STATUSES } from './status.js';
import { isCalendarDate } from './store-dates.js';

/** Zod input/output schemas of the orders procedures (also the OpenAPI source). */

export { MAX_LINE_QUANTITY, MAX_ORDER_LINES };

export const orderStatusSchema = z.enum(ORDER_STATUSES);

/** The shipping address (and the quote's country) are shared with the storefront (@omnicart/contracts). */
export { shippingAddressSchema, type ShippingAddress };
const countrySchema = countryCodeSchema;

export const paymentMethodSchema = text()
  .regex(/^pm_[A-Za-z0-9_]{1,100}$/, 'paymentMethod must be a payment method id such as "pm_card_visa"')
  .meta({ example: 'pm_card_visa' });

/** Any other field on a line (unitPrice, price, total...) is dropped: prices come from the catalog. */
export const orderLineInput = z.object({
  productId: z.uuid(),
  quantity: lineQuantitySchema,
});

/** A discount code as the shopper typed it (promotions trims and upper-cases it; an empty one is no code). */
export const discountCodeInput = text()
  .trim()
  .max(64, { message: 'code: at most 64 characters' })
  .transform((value) => (value === '' ? undefined : value))
  .optional()
  .meta({ example: 'SUMMER15', description: 'A discount code (case-insensitive); checkout answers 409 with `details.reason` when it does not apply' });

export const createOrderInput = z.object({
  items: z.array(orderLineInput).min(1, 'items: an order needs at least one line').max(MAX_ORDER_LINES),
  shippingAddress: shippingAddressSchema,
  paymentMethod: paymentMethodSchema,
  code: discountCodeInput,
});
export type CreateOrderInput = z.infer<typeof createOrderInput>;

export const idempotencyKeySchema = text()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be 1–255 printable ASCII characters without spaces');

/** The cart service's opaque cart id. */
const cartIdSchema = text()
  .trim()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Invalid cart id');

export const checkoutInput = z.object({
  /** A guest cart id; without it the signed-in customer's own cart is used. */
  cartId: cartIdSchema.optional(),
  shippingAddress: shippingAddressSchema,
  paymentMethod: paymentMethodSchema,
  code: discountCodeInput,
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
  discount: z.number().int().describe('Cents promotions took off this line (its share of every discount)'),
});
export type OrderItemDto = z.infer<typeof orderItemSchema>;

export const paymentSummarySchema = z.object({
  /** The payment's last known status: pending, succeeded, requires_action, processing, failed, canceled, refunded. */
  status: z.string(),
  intentId: z.string().nullable(),
});

export const orderDiscountSchema = z.object({
  promotionId: z.string(),
  kind: z.enum(['code', 'automatic']),
  code: z.string().nullable().describe('The code used (kind code)'),
  name: z.string(),
  label: z.string().meta({ example: '15 % off' }),
  amount: z.number().int().describe('Cents: merchandise + shipping waived'),
});
export type OrderDiscountDto = z.infer<typeof orderDiscountSchema>;

/** The order as POST /orders and checkout answer it (exactly these fields). */
export const orderSchema = z.object({
  id: z.uuid(),
  number: z.string().meta({ example: 'OC-00000042' }),
  status: orderStatusSchema,
  items: z.array(orderItemSchema),
  subtotal: z.number().int(),
  discount: z.number().int().describe('Cents off: line discounts + shipping waived (total = subtotal - discount + shipping + tax)'),
  discounts: z.array(orderDiscountSchema).describe('What each promotion took off (the price snapshot; a refund does not change it)'),
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
  /** Given with the change into fulfilled; null on other entries. */
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  at: z.string(),
});
export type StatusHistoryEntry = z.infer<typeof statusHistoryEntrySchema>;

/** GET/list/update answers: the order plus who it belongs to, where it ships and refunds so far. */
export const orderSummarySchema = orderSchema.extend({
  /** null for a guest order (see guestEmail). */
  customerId: z.uuid().nullable(),
  /** The buyer's e-mail of a guest order; null for a customer's order. */
  guestEmail: z.string().nullable(),
  shippingAddress: shippingAddressSchema,
  amountRefunded: z.number().int(),
  /** Who ships it and the parcel's tracking number, recorded when it was fulfilled (null otherwise). */
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  updatedAt: z.string(),
});
export type OrderSummaryDto = z.infer<typeof orderSummarySchema>;

export const orderDetailSchema = orderSummarySchema.extend({
  statusHistory: z.array(statusHistoryEntrySchema),
});
export type OrderDetailDto = z.infer<typeof orderDetailSchema>;

export const orderIdInput = z.object({ id: text() });

/** Inventory's report of a paid order whose sale it could not take (internal saleFailed). */
export const saleFailedInput = z.object({
  orderId: z.uuid(),
  sku: text().max(64),
  requested: z.number().int().min(0),
  available: z.number().int(),
});
export type SaleFailedInput = z.infer<typeof saleFailedInput>;

export const listOrdersInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  cursor: text().max(200).optional(),
  /** Narrows by status, for anyone (customers always see only their own orders). */
  status: orderStatusSchema.optional(),
  /** Admin filter (ignored for customers). */
  customerId: z.uuid().optional(),
  /** Inclusive lower bound on createdAt: an ISO date or timestamp. */
  from: text().optional(),
  /** Upper bound: a timestamp (inclusive), or a date (YYYY-MM-DD) covering that whole day. */
  to: text().optional(),
});
export type ListOrdersInput = z.infer<typeof listOrdersInput>;

export const orderPageSchema = z.object({
  items: z.array(orderSummarySchema),
  nextCursor: z.string().nullable(),
});
export type OrderPage = z.infer<typeof orderPageSchema>;

export const updateStatusInput = z.object({
  id: text(),
  status: orderStatusSchema,
  note: text().trim().max(500).optional(),
  /** Cents to refund; required for (and only allowed with) partially_refunded. */
  amount: z.number().int().min(1).optional(),
  /** Only with fulfilled: who ships the order, kept on the order and in its history. */
  carrier: text().trim().min(1).max(60).optional().describe('Only with status "fulfilled": the carrier, e.g. "UPS" (1-60 characters)'),
  /** Only with fulfilled: the parcel's tracking number. */
  trackingNumber: text().trim().min(1).max(100).optional().describe('Only with status "fulfilled": the tracking number (1-100 characters)'),
});
export type UpdateStatusInput = z.infer<typeof updateStatusInput>;

// ---------------------------------------------------------------------------------------------
// Storefront additions: totals before paying, guest checkout, best sellers

export const quoteInput = z
  .object({
    /** Guests: required. Signed-in customers: their own open cart unless a (guest) cart id is given. */
    cartId: cartIdSchema.optional(),
    /** Destination country for tax (default US). */
    country: countrySchema.default('US'),
    code: discountCodeInput,
  })
  .default({ country: 'US' });
export type QuoteInput = z.output<typeof quoteInput>;

export const quoteSchema = z.object({
  subtotal: z.number().int().describe('Lines without an issue (archived, out of stock...), in cents'),
  discount: z.number().int().describe('Cents off: line discounts + shipping waived'),
  discounts: z.array(orderDiscountSchema).describe('The automatic promotion and the code that apply'),
  lines: z.array(z.object({ productId: z.string(), discount: z.number().int() })).describe('Per counted line, what the discounts take off'),
  codeRefusal: z
    .object({ code: z.string(), reason: z.string(), message: z.string() })
    .nullable()
    .describe('Why the code given does not apply (unknown_code, inactive, expired, not_started, minimum_not_met, usage_limit_reached, not_applicable, already_used); the totals are then without it'),
  shipping: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  currency: z.string().length(3),
  itemCount: z.number().int().describe('Units in the lines counted'),
  freeShippingThreshold: z.number().int().describe('Subtotal (cents) from which shipping is free'),
  country: z.string(),
});
export type QuoteDto = z.infer<typeof quoteSchema>;

export const guestCheckoutInput = z.object({
  cartId: cartIdSchema.describe('The guest cart to order (a customer’s cart is 404)'),
  email: z
    .email()
    .max(254)
    .transform((email) => email.toLowerCase())
    .meta({ example: 'guest@example.com' }),
  shippingAddress: shippingAddressSchema,
  paymentMethod: paymentMethodSchema,
  code: discountCodeInput,
  /** The Idempotency-Key (or send it as the header). Guests' keys are scoped per cart. */
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type GuestCheckoutInput = z.output<typeof guestCheckoutInput>;

export const guestOrderSchema = orderSchema.extend({
  guestAccessToken: z.string().describe('Lets the guest read this order (orders.guestGet); the same for every replay of the request'),
});
export type GuestOrderDto = z.infer<typeof guestOrderSchema>;

export const guestGetInput = z.object({
  id: text().max(64),
  accessToken: text().min(1).max(200),
});

export const bestSellersInput = z
  .object({
    limit: z.number().int().min(1).max(24).default(8).describe('1-24'),
    days: z.number().int().min(1).max(365).default(30).describe('Look-back window in days, 1-365'),
  })
  .default({ limit: 8, days: 30 });
export type BestSellersInput = z.output<typeof bestSellersInput>;

export const bestSellersSchema = z.object({
  items: z
    .array(z.object({ productId: z.uuid(), unitsSold: z.number().int() }))
    .describe('Units of paid, fulfilled and delivered orders in the window; most units first, ties by productId'),
});
export type BestSellersDto = z.infer<typeof bestSellersSchema>;

// ---------------------------------------------------------------------------------------------
// Merchant admin: the dashboard's sales summary

/** A store-local calendar day (STORE_TIMEZONE). */
export const storeDateSchema = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date')
  // The previous range reaches a year back: keep every date the database computes with ordinary.
  .refine((date) => date >= '1970-01-01', 'expected a date from 1970-01-01 on')
  .meta({ example: '2026-12-01' });

export const summaryInput = z
  .object({
    from: storeDateSchema.optional().describe('First store-local day, inclusive (default: 29 days before `to`)'),
    to: storeDateSchema.optional().describe('Last store-local day, inclusive (default: today in the store time zone)'),
  })
  .default({});
export type SummaryInput = z.output<typeof summaryInput>;

export const salesTotalsSchema = z.object({
  revenue: z.number().int().describe('Cents: totals of the orders paid in the period, net of their refunds'),
  orders: z.number().int().describe('Orders paid in the period (refunded ones included, with their net revenue)'),
  averageOrderValue: z.number().int().describe('revenue / orders in cents, rounded; 0 without orders'),
});
export type SalesTotals = z.infer<typeof salesTotalsSchema>;

export const dateRangeSchema = z.object({ from: z.string(), to: z.string() });

export const orderSalesSummarySchema = z.object({
  timeZone: z.string().describe('STORE_TIMEZONE: the zone of every date here'),
  currency: z.literal('USD'),
  range: dateRangeSchema,
  previousRange: dateRangeSchema.describe('As many days, ending the day before range.from'),
  today: salesTotalsSchema,
  current: salesTotalsSchema,
  previous: salesTotalsSchema,
  byDay: z
    .array(z.object({ date: z.string(), revenue: z.number().int(), orders: z.number().int() }))
    .describe('Every day of range, oldest first, days without sales as zeros'),
  latestOrders: z.array(orderSummarySchema).describe('The 10 newest orders of any status'),
});
export type OrderSalesSummaryDto = z.infer<typeof orderSalesSummarySchema>;

// ---------------------------------------------------------------------------------------------
// Merchant admin: the order list's server-side search, sort and pages

export const ORDER_SEARCH_SORTS = ['created_desc', 'created_asc', 'total_desc', 'total_asc'] as const;
export type OrderSearchSort = (typeof ORDER_SEARCH_SORTS)[number];
/** Cents fit PostgreSQL's integer. */
const MAX_CENTS = 2_147_483_647;

const centsFilter = z.number().int().min(0).max(MAX_CENTS);

/** The order list's filters and sort, shared by the numbered pages and the export's keyset pages. */
const orderSearchFilters = {
  q: text()
    .trim()
    .max(100)
    .optional()
    .describe('Order number or id prefix (OC-00000042, 3f2a…), or part of the buyer’s e-mail; case-insensitive'),
  status: orderStatusSchema.optional(),
  from: text().max(64).optional().describe('Created on or after: a store-local day YYYY-MM-DD (STORE_TIMEZONE) or an ISO timestamp'),
  to: text().max(64).optional().describe('Created on or before: a store-local day YYYY-MM-DD (that whole day) or an ISO timestamp (inclusive)'),
  customerId: z.uuid().optional(),
  minTotal: centsFilter.optional().describe('Order total at least (cents)'),
  maxTotal: centsFilter.optional().describe('Order total at most (cents)'),
  sort: z.enum(ORDER_SEARCH_SORTS).default('created_desc'),
};

export const searchOrdersInput = z
  .object({
    ...orderSearchFilters,
    page: pageNumberSchema.default(1),
    pageSize: pageSizeSchema.default(20),
  })
  .default({ sort: 'created_desc', page: 1, pageSize: 20 });
export type SearchOrdersInput = z.output<typeof searchOrdersInput>;

export const orderSearchPageSchema = numberedPageSchema(orderSummarySchema);
export type OrderSearchPage = z.infer<typeof orderSearchPageSchema>;

/** Most orders one export page carries. */
export const MAX_EXPORT_PAGE = 1_000;

/**
 * The export's pages: the same filters and sort as the search, walked with a keyset cursor instead
 * of page numbers, so reading every page of 100,000 orders costs one pass, not one growing OFFSET
 * per page (and a page is never skipped or repeated when orders arrive meanwhile).
 */
export const exportOrdersInput = z
  .object({
    ...orderSearchFilters,
    after: text().max(300).optional().describe('`nextCursor` of the previous page (absent: the first page)'),
    limit: z.number().int().min(1).max(MAX_EXPORT_PAGE).default(500).describe(`Orders per page, 1-${MAX_EXPORT_PAGE} (default 500)`),
  })
  .default({ sort: 'created_desc', limit: 500 });
export type ExportOrdersInput = z.output<typeof exportOrdersInput>;

export const orderExportPageSchema = z.object({
  items: z.array(orderSummarySchema),
  nextCursor: z.string().nullable().describe('Pass as `after` for the next page; null after the last one'),
});
export type OrderExportPage = z.infer<typeof orderExportPageSchema>;
