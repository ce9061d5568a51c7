import { ERROR_BODY_NOTE, type DomainDocument, type OperationExamples } from '../runtime/docs.js';
import { CUSTOMER_ID, SKU, PRODUCT_ID, CART_ID, GUEST_CART_ID, authRequired } from '../openapi/example-values.js';

/**
 * cart's published REST document (data/docs/cart_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
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
  maxQuantity: 99,
  issue: null,
};
const cart = { id: CART_ID, customerId: null, items: [cartLine], subtotal: 25998, currency: 'USD', itemCount: 2, updatedAt: '2026-02-01T12:00:00.000Z' };
const emptyCart = { ...cart, items: [], subtotal: 0, itemCount: 0 };
const cartNotFound = { message: 'Cart not found' };
const catalogDown = { message: 'The catalog service is unavailable; try again shortly' };

const examples: Record<string, OperationExamples> = {
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

export const document: DomainDocument = {
  file: 'cart_service_api.yaml',
  title: 'OmniCart cart service API',
  description: [
    'Shopping carts (the cart service), as served by the gateway under `/api/v1`.',
    '',
    'A guest cart is identified by the opaque `cartId` the first `POST /cart/items` returns (keep it, e.g. in a',
    'cookie, and pass it back); a signed-in customer (Bearer token) always gets their own cart, and',
    '`POST /cart/merge` moves a guest cart into it at login. Prices are always the catalog\'s current prices',
    '(integer cents); lines whose product was archived or ran out stay in the cart with an `issue`. Quantities',
    'are 1–99 per line and a cart holds at most 100 lines (400 otherwise). ' + ERROR_BODY_NOTE,
    '',
    'Generated from the tRPC router (packages/api/src/cart) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'cart',
  tags: { cart: 'Guest and customer carts priced from the catalog.' },
  examples,
};
