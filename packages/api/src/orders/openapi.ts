import { ERROR_BODY_NOTE, type DomainDocument, type OperationExamples } from '../runtime/docs.js';
import { permissionRefusal } from '../runtime/auth.js';
import { CUSTOMER_ID, ADMIN_ID, SKU, PRODUCT_ID, SECOND_PRODUCT_ID, CART_ID, ORDER_ID, INTENT_ID, authRequired } from '../openapi/example-values.js';

/**
 * orders's published REST document (data/docs/order_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const shippingAddress = { name: 'Jane Doe', line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' };
const DISCOUNT = { promotionId: '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6', kind: 'code', code: 'WELCOME10', name: 'Welcome: 10 % off your first order', label: '10 % off', amount: 2750 };
const order = {
  id: ORDER_ID,
  number: 'OC-00000042',
  status: 'paid',
  items: [
    { productId: PRODUCT_ID, sku: SKU, name: 'Sonora Wireless Bluetooth Headphones', unitPrice: 12999, quantity: 2, lineTotal: 25998, discount: 2600 },
    { productId: SECOND_PRODUCT_ID, sku: 'CBL-00042', name: 'Braided USB-C Cable 2 m', unitPrice: 1499, quantity: 1, lineTotal: 1499, discount: 150 },
  ],
  subtotal: 27497,
  // WELCOME10: 10 % of 27 497 = 2 749.7 → 2 750, spread 2 600 + 150 (largest remainder); tax 7.25 % of 24 747.
  discount: 2750,
  discounts: [DISCOUNT],
  shipping: 0,
  tax: 1794,
  total: 26541,
  currency: 'USD',
  payment: { status: 'succeeded', intentId: INTENT_ID },
  createdAt: '2026-02-01T12:00:00.000Z',
};
const orderSummary = {
  ...order,
  customerId: CUSTOMER_ID,
  guestEmail: null,
  shippingAddress,
  amountRefunded: 0,
  carrier: null,
  trackingNumber: null,
  updatedAt: '2026-02-01T12:00:01.000Z',
};
const history = [
  { from: null, to: 'pending_payment', actor: 'system', note: null, carrier: null, trackingNumber: null, at: '2026-02-01T12:00:00.000Z' },
  { from: 'pending_payment', to: 'paid', actor: 'system', note: null, carrier: null, trackingNumber: null, at: '2026-02-01T12:00:01.000Z' },
];
const storeSettings = {
  storeName: 'OmniCart',
  timeZone: 'America/New_York',
  shippingFlatCents: 499,
  freeShippingThresholdCents: 5000,
  defaultTaxRate: 0,
  taxRates: [
    { country: 'CA', rate: 0.13 },
    { country: 'US', rate: 0.0725 },
  ],
  currency: 'USD',
  version: 3,
  saved: true,
  updatedAt: '2026-02-01T12:00:00.000Z',
};
const orderNotFound = { message: `Order ${ORDER_ID} not found` };
/** The failures both checkouts (POST /orders and POST /orders/checkout) answer alike. */
const paymentDeclined = {
  message: 'Payment declined: Your card was declined.',
  details: { declineCode: 'generic_decline', order: { ...order, status: 'payment_failed', payment: { status: 'failed', intentId: INTENT_ID } } },
};
const outOfStock = { message: `Not enough stock for ${SKU}: 2 requested, 1 available`, details: { sku: SKU, requested: 2, available: 1 } };
const keyReused = {
  message: 'Idempotency-Key "0b6f1c1e-2d4a-4f7e-9a3b-5c8d7e6f1a2b" was already used with a different request body; use a new key for a new order',
};
const tooManyCheckouts = {
  description:
    'Too many checkouts: at most `ORDERS_CHECKOUT_RATE_LIMIT` (default 5) new checkouts per `ORDERS_CHECKOUT_RATE_WINDOW_SECONDS` (60) per customer (the account; for guests the order e-mail). The `Retry-After` header and `details.retryAfterSeconds` say when to try again; a retry with an earlier Idempotency-Key is a replay and not counted. (The gateway\'s per-IP limit answers 429 too.)',
  message: 'Too many checkouts: at most 5 per 60 seconds per customer; try again in 42 seconds',
  details: { retryAfterSeconds: 42 },
};
const pendingOrderOfCart = {
  description:
    'The cart already has a live order: one awaiting payment (`details.reason` `order_pending`: finish its payment, e.g. 3-D Secure when `details.nextAction` is `authenticate_payment`) or one that was placed (`cart_checked_out`); `details.orderId` names it. One cart makes at most one live order, however many keys are used. Also: not enough stock for a cart line (`INSUFFICIENT_STOCK`), or a product\'s per-customer limit (`details.limit` `perCustomer`) across the customer\'s live and paid orders.',
  message: 'This cart already has an order awaiting payment (OC-00000042): complete its payment authentication (3-D Secure) instead of checking out again',
  details: { reason: 'order_pending', orderId: ORDER_ID, number: 'OC-00000042', status: 'pending_payment', paymentStatus: 'requires_action', nextAction: 'authenticate_payment' },
};
const paymentUnavailable = { message: 'The payment could not be completed right now; retry with the same Idempotency-Key', details: { orderId: ORDER_ID } };

const examples: Record<string, OperationExamples> = {
  ordersCreate: {
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description:
          'A unique key per checkout attempt (e.g. a UUID). Retrying with the same key and body returns the same order and never charges twice (a retry while the first request is still running waits for its answer); the same key with another body is 422.',
        example: '0b6f1c1e-2d4a-4f7e-9a3b-5c8d7e6f1a2b',
      },
    ],
    request: {
      items: [
        { productId: PRODUCT_ID, quantity: 2 },
        { productId: SECOND_PRODUCT_ID, quantity: 1 },
      ],
      shippingAddress,
      paymentMethod: 'pm_card_visa',
    },
    response: order,
    errors: {
      400: { message: 'Idempotency-Key header is required: a unique value per order (e.g. a UUID), reused only to retry the same request' },
      402: {
        description: 'The card was declined: the order is kept as `payment_failed` (in `details.order`) and its stock released.',
        ...paymentDeclined,
      },
      409: {
        code: 'INSUFFICIENT_STOCK',
        description:
          'Not enough stock for a line (nothing was reserved or charged), or a product\'s per-customer limit across the customer\'s live and paid orders (`CONFLICT`, `details.limit` `perCustomer`).',
        ...outOfStock,
      },
      422: keyReused,
      429: tooManyCheckouts,
      503: paymentUnavailable,
    },
  },
  ordersCheckout: {
    headers: [
      {
        name: 'Idempotency-Key',
        required: false,
        description: 'A unique key per checkout attempt (or send it as the `idempotencyKey` body field; one of the two is required). Same semantics as on `POST /orders`.',
        example: '7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f',
      },
    ],
    request: { shippingAddress, paymentMethod: 'pm_card_visa', code: 'WELCOME10' },
    response: order,
    errors: {
      400: { message: 'The cart is empty: nothing to order' },
      402: {
        description: 'The card was declined: the order is kept as `payment_failed` (in `details.order`), its stock released and the cart left open.',
        ...paymentDeclined,
      },
      409: pendingOrderOfCart,
      422: keyReused,
      429: tooManyCheckouts,
      503: paymentUnavailable,
    },
  },
  ordersQuote: {
    request: { cartId: CART_ID, country: 'US', code: 'welcome10' },
    response: {
      subtotal: 27497,
      discount: 2750,
      discounts: [DISCOUNT],
      lines: [
        { productId: PRODUCT_ID, discount: 2600 },
        { productId: SECOND_PRODUCT_ID, discount: 150 },
      ],
      codeRefusal: null,
      shipping: 0,
      tax: 1794,
      total: 26541,
      currency: 'USD',
      itemCount: 3,
      freeShippingThreshold: 5000,
      country: 'US',
    },
    errors: { 400: { message: 'cartId: required for guests' }, 404: { message: 'Cart not found' }, 503: { message: 'The catalog service is unavailable; try again shortly' } },
  },
  ordersGuestCheckout: {
    headers: [
      {
        name: 'Idempotency-Key',
        required: false,
        description:
          'A unique key per checkout attempt (or send it as the `idempotencyKey` body field; one of the two is required). Scoped per guest cart. A retry with the same key and body answers the same order and the same `guestAccessToken`.',
        example: '5e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
      },
    ],
    request: { cartId: CART_ID, email: 'guest@example.com', shippingAddress, paymentMethod: 'pm_card_visa' },
    response: { ...order, guestAccessToken: 'kX3vQ9c0H1pTq2m7b8ZrW4yNf6JdL5sAeG0uVhC1oIk' },
    errors: {
      400: { message: 'The cart is empty: nothing to order' },
      402: {
        description: 'The card was declined: the order is kept as `payment_failed` (in `details.order`), its stock released and the cart left open.',
        ...paymentDeclined,
      },
      404: { message: 'Cart not found' },
      409: pendingOrderOfCart,
      422: keyReused,
      429: tooManyCheckouts,
      503: paymentUnavailable,
    },
  },
  ordersGuestGet: {
    parameters: { id: ORDER_ID },
    request: { accessToken: 'kX3vQ9c0H1pTq2m7b8ZrW4yNf6JdL5sAeG0uVhC1oIk' },
    response: {
      ...orderSummary,
      customerId: null,
      guestEmail: 'guest@example.com',
      statusHistory: [{ ...history[0]!, actor: 'guest' }, history[1]!],
    },
    errors: { 404: orderNotFound },
  },
  ordersBestSellers: {
    parameters: { limit: 8, days: 30 },
    response: {
      items: [
        { productId: PRODUCT_ID, unitsSold: 412 },
        { productId: SECOND_PRODUCT_ID, unitsSold: 305 },
      ],
    },
    errors: { 400: { message: 'limit: Too big: expected number to be <=24' } },
  },
  ordersList: {
    parameters: { limit: 20, status: 'paid' },
    response: { items: [orderSummary], nextCursor: null },
    errors: { 400: { message: 'limit: Too big: expected number to be <=100' }, 401: authRequired },
  },
  ordersSearch: {
    parameters: { q: 'example.com', status: 'paid', from: '2026-02-01', to: '2026-02-28', sort: 'total_desc', page: 1, pageSize: 20 },
    response: { items: [orderSummary], total: 1, page: 1, pageSize: 20 },
    errors: { 400: { message: 'pageSize: must be one of 10, 20, 50, 100' }, 401: authRequired },
  },
  ordersExport: {
    parameters: { status: 'delivered', from: '2026-02-01', to: '2026-02-28', sort: 'created_desc', limit: 500 },
    response: { items: [orderSummary], nextCursor: 'WyJjcmVhdGVkX2Rlc2MiLCIyMDI2LTAyLTAxVDEyOjAwOjAwLjAwMFoiLCJjMGZmZWUwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwNDIiLDI5NDkwXQ' },
    errors: { 400: { message: 'after: the cursor continues the created_desc sort, not total_asc; pass back the nextCursor of a previous page with the same sort' }, 401: authRequired },
  },
  ordersSummary: {
    parameters: { from: '2026-01-31', to: '2026-02-01' },
    response: {
      timeZone: 'America/New_York',
      currency: 'USD',
      range: { from: '2026-01-31', to: '2026-02-01' },
      previousRange: { from: '2026-01-29', to: '2026-01-30' },
      today: { revenue: 29490, orders: 1, averageOrderValue: 29490 },
      current: { revenue: 41980, orders: 3, averageOrderValue: 13993 },
      previous: { revenue: 35000, orders: 2, averageOrderValue: 17500 },
      byDay: [
        { date: '2026-01-31', revenue: 12490, orders: 2 },
        { date: '2026-02-01', revenue: 29490, orders: 1 },
      ],
      latestOrders: [orderSummary],
    },
    errors: { 400: { message: 'from..to covers 400 days; at most 366' }, 401: authRequired },
  },
  ordersSettings: {
    response: storeSettings,
    errors: { 401: authRequired, 403: { message: permissionRefusal('settings:read') } },
  },
  ordersUpdateSettings: {
    request: {
      storeName: storeSettings.storeName,
      timeZone: storeSettings.timeZone,
      shippingFlatCents: storeSettings.shippingFlatCents,
      freeShippingThresholdCents: storeSettings.freeShippingThresholdCents,
      defaultTaxRate: storeSettings.defaultTaxRate,
      taxRates: storeSettings.taxRates,
      version: 3,
    },
    response: { ...storeSettings, version: 4, updatedAt: '2026-02-02T09:00:00.000Z' },
    errors: {
      400: { message: 'timeZone: Choose an IANA time zone such as America/New_York or Europe/Berlin; taxRates.1.country: CA is listed twice' },
      401: authRequired,
      403: { message: permissionRefusal('settings:write') },
      409: {
        code: 'CONFLICT',
        message: 'Someone saved the settings since you read them (version 4, yours 3): reload and try again',
        details: { reason: 'stale_version', version: 4 },
      },
    },
  },
  ordersPublicSettings: {
    response: { storeName: storeSettings.storeName },
  },
  ordersGet: {
    parameters: { id: ORDER_ID },
    response: { ...orderSummary, statusHistory: history },
    errors: { 401: authRequired, 404: orderNotFound },
  },
  ordersUpdateStatus: {
    parameters: { id: ORDER_ID },
    request: { status: 'fulfilled', note: 'Left the warehouse', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' },
    response: {
      ...orderSummary,
      status: 'fulfilled',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      updatedAt: '2026-02-02T08:30:00.000Z',
      statusHistory: [
        ...history,
        { from: 'paid', to: 'fulfilled', actor: ADMIN_ID, note: 'Left the warehouse', carrier: 'UPS', trackingNumber: '1Z999AA10123456784', at: '2026-02-02T08:30:00.000Z' },
      ],
    },
    errors: {
      400: {
        description: 'A bad value, `amount` missing with (or given without) `partially_refunded`, or `carrier`/`trackingNumber` with another status than `fulfilled`.',
        message: 'carrier: only allowed with status "fulfilled" (the carrier and tracking number of the shipment)',
      },
      401: authRequired,
      404: orderNotFound,
      409: { code: 'INVALID_STATE', message: 'Order OC-00000042 cannot change from delivered to paid', details: { from: 'delivered', to: 'paid' } },
      503: { message: 'The payments service is unavailable; try again shortly' },
    },
  },
};

export const document: DomainDocument = {
  file: 'order_service_api.yaml',
  title: 'OmniCart order service API',
  description: [
    'Orders and checkout (the orders service), as served by the gateway under `/api/v1`.',
    '',
    '`POST /orders` runs the whole checkout: prices from the catalog (any price the client sends is ignored),',
    'stock reserved in inventory, the payment charged through the payments service (Stripe), then the order is',
    '`paid` (201) or `payment_failed` (402). Send an `Idempotency-Key` header: a retry with the same key and body',
    'returns the same order and never charges twice; the same key with another body is refused (422, as the IETF',
    'Idempotency-Key draft says). One cart makes at most one live order: checking out a cart whose order awaits payment',
    '(e.g. 3-D Secure) or was placed answers 409 naming that order. Products may limit the units per order and per',
    'customer (`maxPerOrder`, `maxPerCustomer`), and each customer may start a few checkouts per minute (429 with',
    '`Retry-After`).',
    'Status machine: `pending_payment → paid → fulfilled → delivered`; `pending_payment → payment_failed |',
    'cancelled`; `paid → cancelled` (refunded); `paid | fulfilled | delivered → refunded | partially_refunded`.',
    'Customers see their own orders (anyone else\'s answer 404); admins see and update all. Money is integer',
    'cents. ' + ERROR_BODY_NOTE,
    '',
    'Generated from the tRPC router (packages/api/src/orders) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'orders',
  tags: { orders: 'Checkout, order history and the admin status machine.', settings: 'The store settings orders prices and reports with (name, time zone, shipping, tax).' },
  examples,
};
