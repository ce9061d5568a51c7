import {
  catalogDomain,
  categoryNodeSchema,
  facetsSchema,
  moneySchema,
  productPageSchema,
  productSchema,
} from '../catalog/index.js';
import { cartDomain } from '../cart/index.js';
import { identityDomain } from '../identity/index.js';
import { inventoryDomain } from '../inventory/index.js';
import { ordersDomain } from '../orders/index.js';
import { paymentsDomain } from '../payments/index.js';
import type { DomainModule } from '../runtime/domain.js';
import type { ServiceDocumentSpec } from './generate.js';
import { cartExamples, catalogExamples, identityExamples, inventoryExamples, orderExamples, paymentExamples } from './examples.js';

export const DOCUMENT_VERSION = '1.0.0';

export interface LoadedSpecs {
  specs: ServiceDocumentSpec[];
  close(): Promise<void>;
}

/** A domain's metadata-only router (its procedures are never called). */
function described(domain: DomainModule) {
  const router = domain.describeRouter?.();
  if (!router) throw new Error(`${domain.name}: no describeRouter() to document`);
  return router;
}

const COMMON_FOOTER = 'Every error answers `{ "error": { "code", "message" } }`.';

/**
 * The published documents, built from the real routers: every domain gives its metadata-only
 * router (`describeRouter`), so no database or service is touched — only the routers' procedure
 * definitions are read. Internal (service-to-service) procedures have no
 * REST route and are not documented.
 */
export async function loadServiceDocumentSpecs(): Promise<LoadedSpecs> {
  const specs: ServiceDocumentSpec[] = [
    {
      file: 'user_service_api.yaml',
      title: 'OmniCart user service API',
      description: [
        'Accounts and sign-in for OmniCart (the identity service), as served by the gateway under `/api/v1`.',
        '',
        'Login returns a short-lived access token (JWT signed with EdDSA; public keys at identity\'s',
        '`/.well-known/jwks.json`) and a single-use refresh token. Send the access token as',
        '`Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
        '',
        'Generated from the tRPC router (packages/api/src/identity) by `npm run openapi`; do not edit by hand.',
      ].join('\n'),
      version: DOCUMENT_VERSION,
      router: described(identityDomain),
      operationIdPrefix: 'users',
      tags: { users: 'Registration, sign-in, token refresh and user profiles.' },
      examples: identityExamples,
    },
    {
      file: 'product_service_api.yaml',
      title: 'OmniCart product service API',
      description: [
        'The OmniCart catalog (the catalog service), as served by the gateway under `/api/v1`.',
        '',
        'Browse, filter, sort and search active products (full text with typo tolerance, facet counts,',
        'stable keyset cursors), read one product by id or slug, and read the category tree. Creating,',
        'updating and archiving products requires an admin access token from `POST /users/login`.',
        'Money is `{ "amount": <integer cents>, "currency": "USD" }`. Every error answers',
        '`{ "error": { "code", "message" } }`.',
        '',
        'Generated from the tRPC router (packages/api/src/catalog) by `npm run openapi`; do not edit by hand.',
      ].join('\n'),
      version: DOCUMENT_VERSION,
      router: described(catalogDomain),
      operationIdPrefix: 'catalog',
      // The catalog's schemas carry no `.meta({ id })`; naming them here keeps one copy each.
      components: {
        Product: productSchema,
        ProductPage: productPageSchema,
        Facets: facetsSchema,
        Money: moneySchema,
        CategoryNode: categoryNodeSchema,
      },
      tags: {
        products: 'Product listing, keyword search, detail and admin maintenance.',
        categories: 'The two-level category tree with active product counts.',
      },
      examples: catalogExamples,
    },
    {
      file: 'inventory_service_api.yaml',
      title: 'OmniCart inventory service API',
      description: [
        'Stock per SKU (the inventory service), as served by the gateway under `/api/v1`. Admin only: send an admin',
        'access token from `POST /users/login`.',
        '',
        '`onHand` is the physical stock, `reserved` what open checkouts hold (reservations expire), `available` =',
        '`onHand − reserved`. Setting the stock is kept as a movement with its reason and actor, beside every',
        'reservation, commit, release and restock. Reservations themselves are made by the orders service',
        '(service-to-service procedures, not part of this API). ' + COMMON_FOOTER,
        '',
        'Generated from the tRPC router (packages/api/src/inventory) by `npm run openapi`; do not edit by hand.',
      ].join('\n'),
      version: DOCUMENT_VERSION,
      router: described(inventoryDomain),
      operationIdPrefix: 'inventory',
      tags: { inventory: 'Stock levels and their movement history (admin).' },
      examples: inventoryExamples,
    },
    {
      file: 'cart_service_api.yaml',
      title: 'OmniCart cart service API',
      description: [
        'Shopping carts (the cart service), as served by the gateway under `/api/v1`.',
        '',
        'A guest cart is identified by the opaque `cartId` the first `POST /cart/items` returns (keep it, e.g. in a',
        'cookie, and pass it back); a signed-in customer (Bearer token) always gets their own cart, and',
        '`POST /cart/merge` moves a guest cart into it at login. Prices are always the catalog\'s current prices',
        '(integer cents); lines whose product was archived or ran out stay in the cart with an `issue`. Quantities',
        'are 1–99 per line and a cart holds at most 100 lines (400 otherwise). ' + COMMON_FOOTER,
        '',
        'Generated from the tRPC router (packages/api/src/cart) by `npm run openapi`; do not edit by hand.',
      ].join('\n'),
      version: DOCUMENT_VERSION,
      router: described(cartDomain),
      operationIdPrefix: 'cart',
      tags: { cart: 'Guest and customer carts priced from the catalog.' },
      examples: cartExamples,
    },
    {
      file: 'order_service_api.yaml',
      title: 'OmniCart order service API',
      description: [
        'Orders and checkout (the orders service), as served by the gateway under `/api/v1`.',
        '',
        '`POST /orders` runs the whole checkout: prices from the catalog (any price the client sends is ignored),',
        'stock reserved in inventory, the payment charged through the payments service (Stripe), then the order is',
        '`paid` (201) or `payment_failed` (402). Send an `Idempotency-Key` header: a retry with the same key and body',
        'returns the same order and never charges twice; the same key with another body is refused (409).',
        'Status machine: `pending_payment → paid → fulfilled → delivered`; `pending_payment → payment_failed |',
        'cancelled`; `paid → cancelled` (refunded); `paid | fulfilled | delivered → refunded | partially_refunded`.',
        'Customers see their own orders (anyone else\'s answer 404); admins see and update all. Money is integer',
        'cents. ' + COMMON_FOOTER,
        '',
        'Generated from the tRPC router (packages/api/src/orders) by `npm run openapi`; do not edit by hand.',
      ].join('\n'),
      version: DOCUMENT_VERSION,
      router: described(ordersDomain),
      operationIdPrefix: 'orders',
      tags: { orders: 'Checkout, order history and the admin status machine.' },
      examples: orderExamples,
    },
    {
      file: 'payment_service_api.yaml',
      title: 'OmniCart payment service API',
      description: [
        'Payments (the payments service), as served by the gateway under `/api/v1`.',
        '',
        'Payments are created by checkout (the orders service) through the official `stripe` SDK — against the local',
        'Stripe simulator by default, or real Stripe with `STRIPE_SECRET_KEY`. This API lets an admin read the payment',
        'behind an order. Stripe\'s webhooks arrive at `POST /webhooks/stripe` on the gateway (outside `/api/v1`),',
        'verified with the `Stripe-Signature` header. ' + COMMON_FOOTER,
        '',
        'Generated from the tRPC router (packages/api/src/payments) by `npm run openapi`; do not edit by hand.',
      ].join('\n'),
      version: DOCUMENT_VERSION,
      router: described(paymentsDomain),
      operationIdPrefix: 'payments',
      tags: { payments: 'The payment behind an order (admin).' },
      examples: paymentExamples,
    },
  ];
  return {
    specs,
    // Nothing to release any more (metadata-only routers); kept so callers need not change.
    async close() {},
  };
}
