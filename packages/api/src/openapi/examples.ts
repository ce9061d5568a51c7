import { productSchema, type ProductDto } from '../catalog/index.js';
import type { OperationExamples } from './generate.js';

/**
 * Hand-written examples, keyed by operationId. Request and success examples come from the zod
 * schemas' `.meta({ example })` where the domain wrote them; this table adds what a schema cannot
 * carry (path/query values, error bodies with the messages the services really produce) and
 * overrides schema examples where a table entry exists. The generator checks every example
 * against the procedure's input/output schema, so they cannot drift from the code.
 */

const USER_ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';

const passwordTooShort = { message: 'password: Password must be at least 8 characters' };
const tokenExpired = { message: 'Access token has expired' };

export const identityExamples: Record<string, OperationExamples> = {
  usersRegister: {
    errors: {
      400: passwordTooShort,
      409: { message: 'An account with this email already exists' },
    },
  },
  usersLogin: {
    request: { email: 'demo@omnicart.test', password: 'omnicart-demo' },
    errors: {
      400: { message: 'email: Invalid email address' },
      401: { message: 'Invalid email or password' },
      429: {
        message: 'Too many failed login attempts; try again in 840 seconds',
        details: { retryAfterSeconds: 840 },
      },
    },
  },
  usersRefresh: {
    errors: {
      400: { message: 'refreshToken: Refresh token is required' },
      401: { message: 'Refresh token has been revoked; sign in again' },
    },
  },
  usersMe: {
    errors: { 401: tokenExpired },
  },
  usersById: {
    parameters: { id: USER_ID },
    errors: {
      400: { message: 'id: User id must be a UUID' },
      401: tokenExpired,
      404: { message: 'User not found' },
    },
  },
  usersUpdate: {
    parameters: { id: USER_ID },
    request: { name: 'Jane Q. Doe' },
    response: {
      id: USER_ID,
      email: 'jane@example.com',
      name: 'Jane Q. Doe',
      role: 'customer',
      createdAt: '2026-01-15T09:30:00.000Z',
    },
    errors: {
      400: passwordTooShort,
      401: tokenExpired,
      403: { message: 'Only an admin can change a role' },
      404: { message: 'User not found' },
      409: { message: 'An account with this email already exists' },
    },
  },
};

/** The catalog's own product example (productSchema.meta), so both stay one example. */
const product = productSchema.meta()?.example as ProductDto;

const productNotFound = { message: `Product '${product.id}' not found` };
const adminOnly = { message: 'This operation requires the admin role' };
const authRequired = { message: 'Authentication required: send a Bearer access token' };

export const catalogExamples: Record<string, OperationExamples> = {
  catalogList: {
    parameters: { q: 'bluetooth headphnes', category: 'electronics', sort: 'relevance', limit: 20 },
    response: {
      items: [product],
      nextCursor: 'eyJzIjoicmVsZXZhbmNlIiwidiI6WzAuODEsIjNmMGMzZjhlIl19',
      facets: {
        total: 37,
        categories: [{ id: product.category.id, slug: 'headphones', name: 'Headphones', count: 37 }],
        brand: [{ value: 'Sonora', count: 9 }],
        colour: [{ value: 'Black', count: 12 }],
        size: [{ value: 'One Size', count: 37 }],
        material: [{ value: 'Aluminium', count: 10 }],
        price: [
          { min: 0, max: 5000, count: 8 },
          { min: 5000, max: 20000, count: 25 },
          { min: 20000, max: null, count: 4 },
        ],
      },
      correctedQuery: 'bluetooth headphones',
    },
    errors: {
      400: { message: 'limit: Too big: expected number to be <=100' },
      404: { description: 'Unknown category slug', message: "Category 'garden-furniture' not found" },
    },
  },
  catalogByIdOrSlug: {
    parameters: { idOrSlug: product.slug },
    errors: {
      400: { message: 'idOrSlug: Too big: expected string to have <=200 characters' },
      404: { message: `Product '${product.slug}' not found` },
    },
  },
  catalogCategories: {},
  catalogByIds: {
    parameters: { ids: [product.id, '7c9e6679-7425-40de-944b-e07fc1f90ae7'] },
    response: { items: [product] },
    errors: { 400: { message: 'ids.0: Invalid UUID' } },
  },
  catalogChangesSince: {
    parameters: { cursor: '734021.0', limit: 200 },
    response: {
      changes: [
        { id: product.id, slug: product.slug, previousSlug: null, kind: 'stock', updatedAt: '2026-02-01T12:00:00.000Z' },
        {
          id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
          slug: 'sonora-studio-headphones-black',
          previousSlug: 'sonora-studio-headphones',
          kind: 'updated',
          updatedAt: '2026-02-01T12:00:02.000Z',
        },
      ],
      cursor: '734188.0',
      hasMore: false,
    },
    errors: { 400: { message: 'cursor: not a cursor this endpoint returned' } },
  },
  catalogCreate: {
    // The product the schema's own request example creates (slug derived from the name, one generated image).
    response: {
      ...product,
      id: '9d2e7b14-6c3a-4f81-b0d5-2a7c9e1f4b36',
      sku: 'HPH-90001',
      slug: 'sonora-studio-headphones',
      name: 'Sonora Studio Headphones',
      description: 'Closed-back studio headphones.',
      price: { amount: 14999, currency: 'USD' },
      images: [{ url: '/images/products/sonora-studio-headphones.svg', alt: 'Sonora Studio Headphones' }],
      createdAt: '2026-02-01T08:00:00.000Z',
      updatedAt: '2026-02-01T08:00:00.000Z',
    },
    errors: {
      400: { message: 'price.amount: price.amount must be positive' },
      401: authRequired,
      403: adminOnly,
      409: { message: 'A product with this sku already exists', details: { field: 'sku' } },
    },
    // The router declares 404, but an unknown category is a 400 (`category: Unknown category …`).
    omitErrors: [404],
  },
  catalogUpdate: {
    parameters: { id: product.id },
    request: { price: { amount: 11999, currency: 'USD' } },
    response: { ...product, price: { amount: 11999, currency: 'USD' }, updatedAt: '2026-02-01T08:00:00.000Z' },
    errors: {
      400: { message: 'price.amount: price.amount must be positive' },
      401: authRequired,
      403: adminOnly,
      404: productNotFound,
      409: { message: 'A product with this slug already exists', details: { field: 'slug' } },
    },
  },
  catalogArchive: {
    parameters: { id: product.id },
    errors: {
      400: { message: 'id: Invalid UUID' },
      401: authRequired,
      403: adminOnly,
      404: productNotFound,
    },
  },
};

// ------------------------------------------------------------------------------------------
// Commerce: inventory, cart, orders, payments.

const SKU = 'HPH-00001';
const PRODUCT_ID = '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10';
const SECOND_PRODUCT_ID = '7b1d9e24-5a6c-4f0e-8b3d-1c2e4f6a8b90';
const CART_ID = 'mJ0y2k5cV8iB3qXo1rT6uN9wZ4aD7eFh';
const GUEST_CART_ID = 'Qw3rTy7uI9oP1aS5dF8gH2jK4lZ6xC0v';
const ORDER_ID = '5e8c2a1f-9b7d-4c3e-a6f0-2d4b8e1c7a93';
const CUSTOMER_ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
const ADMIN_ID = '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d';
const RESERVATION_ID = 'b3c1f2e4-7a8d-4e9f-8c1b-2a3d4e5f6a7b';
const INTENT_ID = 'pi_3PqR7sT8uV9wX0yZ1aB2cD3e';

const notAdmin = { message: 'This operation requires the admin role' };
const skuNotFound = { message: `No stock record for SKU '${SKU}'` };

const stock = { sku: SKU, onHand: 42, reserved: 3, available: 39 };

export const inventoryExamples: Record<string, OperationExamples> = {
  inventoryGetStock: {
    parameters: { sku: SKU },
    response: stock,
    errors: { 400: { message: 'sku: SKU may contain letters, digits, ".", "_" and "-"' }, 401: authRequired, 403: notAdmin, 404: skuNotFound },
  },
  inventorySetStock: {
    parameters: { sku: SKU },
    request: { onHand: 120, reason: 'stock count' },
    response: { sku: SKU, onHand: 120, reserved: 3, available: 117 },
    errors: {
      400: { message: 'onHand: onHand must be >= 0' },
      401: authRequired,
      403: notAdmin,
      404: { message: `Unknown SKU '${SKU}': no catalog product has it` },
      409: {
        description: 'The new on-hand count is below the units reserved by checkouts in progress.',
        message: `Cannot set onHand of ${SKU} to 2: 3 units are reserved by checkouts in progress`,
        details: { sku: SKU, reserved: 3 },
      },
    },
  },
  inventoryMovements: {
    parameters: { sku: SKU, limit: 2 },
    response: {
      items: [
        {
          id: '1042',
          sku: SKU,
          kind: 'adjust',
          quantity: 78,
          onHandAfter: 120,
          reservedAfter: 3,
          reason: 'stock count',
          actor: `admin:${ADMIN_ID}`,
          reservationId: null,
          createdAt: '2026-02-01T09:15:00.000Z',
        },
        {
          id: '1041',
          sku: SKU,
          kind: 'reserve',
          quantity: 1,
          onHandAfter: 42,
          reservedAfter: 3,
          reason: null,
          actor: 'service:orders',
          reservationId: RESERVATION_ID,
          createdAt: '2026-02-01T09:14:12.000Z',
        },
      ],
      nextCursor: '1041',
    },
    errors: { 400: { message: 'cursor: cursor must be the nextCursor of a previous page' }, 401: authRequired, 403: notAdmin, 404: skuNotFound },
  },
};

const cartLine = {
  productId: PRODUCT_ID,
  sku: SKU,
  name: 'Sonora Wireless Bluetooth Headphones',
  slug: 'sonora-wireless-bluetooth-headphones-black',
  image: '/images/products/sonora-wireless-bluetooth-headphones-black.svg',
  unitPrice: 12999,
  quantity: 2,
  lineTotal: 25998,
  available: 14,
  issue: null,
};
const cart = { id: CART_ID, customerId: null, items: [cartLine], subtotal: 25998, currency: 'USD', itemCount: 2, updatedAt: '2026-02-01T12:00:00.000Z' };
const emptyCart = { ...cart, items: [], subtotal: 0, itemCount: 0 };
const cartNotFound = { message: 'Cart not found' };
const catalogDown = { message: 'The catalog service is unavailable; try again shortly' };

export const cartExamples: Record<string, OperationExamples> = {
  cartGet: {
    parameters: { cartId: CART_ID },
    response: cart,
    errors: { 400: { message: 'cartId: Invalid cart id' }, 404: cartNotFound, 503: catalogDown },
  },
  cartAddItem: {
    request: { cartId: CART_ID, productId: PRODUCT_ID, quantity: 2 },
    response: cart,
    errors: {
      400: { message: 'quantity: Too big: expected number to be <=99' },
      404: { message: `Product ${PRODUCT_ID} not found` },
      409: { message: `Product ${PRODUCT_ID} is archived and can no longer be added to a cart` },
      503: catalogDown,
    },
  },
  cartUpdateItem: {
    parameters: { productId: PRODUCT_ID },
    request: { cartId: CART_ID, quantity: 3 },
    response: { ...cart, items: [{ ...cartLine, quantity: 3, lineTotal: 38997 }], subtotal: 38997, itemCount: 3 },
    errors: { 400: { message: 'quantity: Too small: expected number to be >=1' }, 404: { message: `Product ${PRODUCT_ID} is not in the cart` }, 503: catalogDown },
  },
  cartRemoveItem: {
    parameters: { productId: PRODUCT_ID, cartId: CART_ID },
    response: emptyCart,
    errors: { 400: { message: 'productId: Invalid UUID' }, 404: cartNotFound, 503: catalogDown },
  },
  cartClear: {
    parameters: { cartId: CART_ID },
    response: emptyCart,
    errors: { 400: { message: 'cartId: Invalid cart id' }, 404: cartNotFound, 503: catalogDown },
  },
  cartMerge: {
    request: { guestCartId: GUEST_CART_ID },
    response: { ...cart, customerId: CUSTOMER_ID },
    errors: {
      400: { message: 'guestCartId: Invalid cart id' },
      401: authRequired,
      404: cartNotFound,
      409: { code: 'INVALID_STATE', message: 'That cart was already checked out' },
      503: catalogDown,
    },
  },
};

const shippingAddress = { name: 'Jane Doe', line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' };
const order = {
  id: ORDER_ID,
  number: 'OC-00000042',
  status: 'paid',
  items: [
    { productId: PRODUCT_ID, sku: SKU, name: 'Sonora Wireless Bluetooth Headphones', unitPrice: 12999, quantity: 2, lineTotal: 25998 },
    { productId: SECOND_PRODUCT_ID, sku: 'CBL-00042', name: 'Braided USB-C Cable 2 m', unitPrice: 1499, quantity: 1, lineTotal: 1499 },
  ],
  subtotal: 27497,
  shipping: 0,
  tax: 1993,
  total: 29490,
  currency: 'USD',
  payment: { status: 'succeeded', intentId: INTENT_ID },
  createdAt: '2026-02-01T12:00:00.000Z',
};
const orderSummary = { ...order, customerId: CUSTOMER_ID, guestEmail: null, shippingAddress, amountRefunded: 0, updatedAt: '2026-02-01T12:00:01.000Z' };
const history = [
  { from: null, to: 'pending_payment', actor: 'system', note: null, at: '2026-02-01T12:00:00.000Z' },
  { from: 'pending_payment', to: 'paid', actor: 'system', note: null, at: '2026-02-01T12:00:01.000Z' },
];
const orderNotFound = { message: `Order ${ORDER_ID} not found` };
/** The failures both checkouts (POST /orders and POST /orders/checkout) answer alike. */
const paymentDeclined = {
  message: 'Payment declined: Your card was declined.',
  details: { declineCode: 'generic_decline', order: { ...order, status: 'payment_failed', payment: { status: 'failed', intentId: INTENT_ID } } },
};
const outOfStock = { message: `Not enough stock for ${SKU}: 2 requested, 1 available`, details: { sku: SKU, requested: 2, available: 1 } };
const paymentUnavailable = { message: 'The payment could not be completed right now; retry with the same Idempotency-Key', details: { orderId: ORDER_ID } };

export const orderExamples: Record<string, OperationExamples> = {
  ordersCreate: {
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description:
          'A unique key per checkout attempt (e.g. a UUID). Retrying with the same key and body returns the same order and never charges twice; the same key with another body is 409.',
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
        description: 'Not enough stock for a line (nothing was reserved or charged), or the Idempotency-Key was used with another body (CONFLICT).',
        ...outOfStock,
      },
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
    request: { shippingAddress, paymentMethod: 'pm_card_visa' },
    response: order,
    errors: {
      400: { message: 'The cart is empty: nothing to order' },
      402: {
        description: 'The card was declined: the order is kept as `payment_failed` (in `details.order`), its stock released and the cart left open.',
        ...paymentDeclined,
      },
      409: {
        code: 'INSUFFICIENT_STOCK',
        description: 'Not enough stock for a cart line (nothing was reserved or charged), or the Idempotency-Key was used with another body (CONFLICT).',
        ...outOfStock,
      },
      503: paymentUnavailable,
    },
  },
  ordersQuote: {
    request: { cartId: CART_ID, country: 'US' },
    response: { subtotal: 27497, shipping: 0, tax: 1993, total: 29490, currency: 'USD', itemCount: 3, freeShippingThreshold: 5000, country: 'US' },
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
      409: {
        code: 'INSUFFICIENT_STOCK',
        description: 'Not enough stock for a cart line (nothing was reserved or charged), or the Idempotency-Key was used with another body (CONFLICT).',
        ...outOfStock,
      },
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
  ordersGet: {
    parameters: { id: ORDER_ID },
    response: { ...orderSummary, statusHistory: history },
    errors: { 401: authRequired, 404: orderNotFound },
  },
  ordersUpdateStatus: {
    parameters: { id: ORDER_ID },
    request: { status: 'fulfilled', note: 'Shipped with UPS 1Z999AA10123456784' },
    response: {
      ...orderSummary,
      status: 'fulfilled',
      updatedAt: '2026-02-02T08:30:00.000Z',
      statusHistory: [...history, { from: 'paid', to: 'fulfilled', actor: ADMIN_ID, note: 'Shipped with UPS 1Z999AA10123456784', at: '2026-02-02T08:30:00.000Z' }],
    },
    errors: {
      400: { message: 'amount: required with status "partially_refunded" (cents to refund)' },
      401: authRequired,
      403: notAdmin,
      404: orderNotFound,
      409: { code: 'INVALID_STATE', message: 'Order OC-00000042 cannot change from delivered to paid', details: { from: 'delivered', to: 'paid' } },
      503: { message: 'The payments service is unavailable; try again shortly' },
    },
  },
};

export const paymentExamples: Record<string, OperationExamples> = {
  paymentsByOrder: {
    parameters: { orderId: ORDER_ID },
    response: {
      paymentId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      intentId: INTENT_ID,
      orderId: ORDER_ID,
      status: 'succeeded',
      amount: 29490,
      amountRefunded: 0,
      currency: 'USD',
      declineCode: null,
      message: null,
      paymentMethod: 'pm_card_visa',
      createdAt: '2026-02-01T12:00:00.000Z',
      updatedAt: '2026-02-01T12:00:01.000Z',
    },
    errors: { 400: { message: 'orderId: Invalid UUID' }, 401: authRequired, 403: notAdmin, 404: { message: 'No payment for this order' } },
  },
};
