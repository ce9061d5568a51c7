import { z } from 'zod';
import { staffProcedure, authedProcedure, internalProcedure, publicProcedure, router } from '../runtime/trpc.js';
import {
  bestSellersInput,
  bestSellersSchema,
  checkoutInput,
  createOrderInput,
  guestCheckoutInput,
  guestGetInput,
  guestOrderSchema,
  listOrdersInput,
  orderDetailSchema,
  orderIdInput,
  orderPageSchema,
  orderSchema,
  quoteInput,
  quoteSchema,
  orderSalesSummarySchema,
  orderSearchPageSchema,
  saleFailedInput,
  searchOrdersInput,
  exportOrdersInput,
  orderExportPageSchema,
  summaryInput,
  updateStatusInput,
} from './schemas.js';
import type { OrdersService } from './service.js';
import { publicStoreSettingsSchema, storeSettingsSchema, updateStoreSettingsInput } from './settings.js';

const SETTINGS_DESCRIPTION =
  'The store settings orders prices and reports with: store name, time zone (the store-local days of the summary and the order search), ' +
  'flat shipping and the free-shipping threshold (cents), the default tax rate and per-country tax rates (decimals 0..1, at most 6 decimals). ' +
  'Until staff save them they are the environment’s values (`saved: false`, `version: 0`). A save reaches checkout, quotes and reports at once ' +
  'on the orders process that took it and within `ORDERS_SETTINGS_CACHE_MS` (default 2 s) on the others.';

const CHECKOUT_DESCRIPTION =
  'Prices come from the catalog (any price the client sends is ignored); shipping is a flat rate, free from a subtotal threshold; ' +
  'tax is the destination country\'s rate on subtotal + shipping, rounded half-up to the cent. ' +
  'Stock is reserved, the order created `pending_payment` and the payment confirmed; a success answers 201 `paid`, an action ' +
  'the buyer must take 201 `pending_payment` with `payment.status: "requires_action"`, a decline 402 (the order, `payment_failed`, ' +
  'is in `error.details.order`), missing stock 409. The `Idempotency-Key` header is required: a retry with the same key and body ' +
  'replays the first answer (waiting for it if still in flight) and never charges twice; the same key with a different body is 409.';

const SUMMARY_DESCRIPTION =
  'Revenue and orders of the store-local days `from`..`to` (YYYY-MM-DD in `STORE_TIMEZONE`, both inclusive; default the 30 days ending today; ' +
  '`from` after `to` or more than 366 days is 400), of the same number of days just before (`previousRange`) and of today, the range day by day ' +
  '(every day, zeros included) and the 10 newest orders of any status. **Revenue**: an order counts on the store-local day its payment ' +
  'succeeded (its `paid` status-history entry), if it was ever paid, for `total − amountRefunded` in cents (refunds made later lower the day it ' +
  'was paid; a fully refunded order counts as an order with no revenue). `averageOrderValue` = revenue / orders, rounded to the cent (0 without orders).';

/** Thin tRPC router: validate, call the service. REST paths are relative to /api/v1. */
export function createOrdersRouter(service: OrdersService) {
  return router({
    create: authedProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/orders',
          tags: ['orders'],
          summary: 'Place an order (Idempotency-Key header required)',
          description: CHECKOUT_DESCRIPTION,
          protect: true,
          successDescription: 'Created',
          errorResponses: [400, 401, 402, 409, 422, 429, 503],
        },
      })
      .input(createOrderInput)
      .output(orderSchema)
      .mutation(({ input, ctx }) => service.create(ctx.user, input, ctx.idempotencyKey)),

    checkout: authedProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/orders/checkout',
          tags: ['orders'],
          summary: "Check out the caller's cart (Idempotency-Key header or body field required)",
          description:
            "Orders what the signed-in customer's open cart (or the guest cart `cartId`) holds, then closes the cart. " +
            'Same saga and answers as `POST /orders`; the key may also be sent as `idempotencyKey`. An empty cart is 400.',
          protect: true,
          successDescription: 'Created',
          errorResponses: [400, 401, 402, 409, 422, 429, 503],
        },
      })
      .input(checkoutInput)
      .output(orderSchema)
      .mutation(({ input, ctx }) => service.checkout(ctx.user, input, ctx.idempotencyKey)),

    quote: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/orders/quote',
          tags: ['orders'],
          summary: 'Totals of a cart before paying (subtotal, shipping, tax, total)',
          description:
            'Priced exactly as checkout prices the same cart (catalog prices, the shipping and tax rules of the destination `country`, default US). ' +
            "Signed-in customers: their open cart unless `cartId` names a guest cart; guests: `cartId` is required (400 without it; a customer's cart is 404). " +
            'Lines with an issue (archived, out of stock, not enough stock) are left out, as in the cart subtotal. No open cart or an empty one: zeros.',
          errorResponses: [400, 404, 503],
        },
      })
      .input(quoteInput)
      .output(quoteSchema)
      .query(({ input, ctx }) => service.quote(ctx.user, input)),

    guestCheckout: publicProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/orders/guest-checkout',
          tags: ['orders'],
          summary: 'Check out a guest cart without an account (Idempotency-Key header or body field required)',
          description:
            'Same saga and answers as `POST /orders/checkout` (201 paid, 402 declined with the order in `error.details.order`, 409 stock, 400 empty cart) ' +
            "for the guest cart `cartId` (a customer's cart is 404; signed-in callers use `POST /orders/checkout`, 400 here). The order has no customer; " +
            '`email` (lower-cased) is kept as `guestEmail`. Idempotency-Keys of guests are scoped per cart. The answer adds `guestAccessToken`, the secret ' +
            'that reads the order (`POST /orders/{id}/guest-access`); a replay with the same key and body answers the same order and the same token.',
          successDescription: 'Created',
          errorResponses: [400, 402, 404, 409, 422, 429, 503],
        },
      })
      .input(guestCheckoutInput)
      .output(guestOrderSchema)
      .mutation(({ input, ctx }) => service.guestCheckout(ctx.user, input, ctx.idempotencyKey)),

    guestGet: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/orders/{id}/guest-access',
          tags: ['orders'],
          summary: 'A guest order by its access token',
          description:
            'The token from the guest checkout travels in the body (never in a URL). A wrong or missing token, a customer’s order or an unknown id are all 404 ' +
            '(the token is compared in constant time). tRPC: a mutation, so the token is never put in a query string either.',
          errorResponses: [400, 404],
        },
      })
      .input(guestGetInput)
      .output(orderDetailSchema)
      .mutation(({ input }) => service.guestGet(input.id, input.accessToken)),

    bestSellers: publicProcedure
      .meta({
        cache: { maxAgeSeconds: 60 },
        openapi: {
          method: 'GET',
          path: '/orders/best-sellers',
          tags: ['orders'],
          summary: 'Best-selling products',
          description:
            'Units sold per product over the last `days` days (default 30) in paid, fulfilled and delivered orders (pending, failed, cancelled and refunded ' +
            'orders do not count); most units first, ties by productId; at most `limit` (1-24, default 8). Product ids only: fetch the products from the catalog.',
          errorResponses: [400],
        },
      })
      .input(bestSellersInput)
      .output(bestSellersSchema)
      .query(({ input }) => service.bestSellers(input)),

    list: authedProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/orders',
          tags: ['orders'],
          summary: 'List orders, newest first',
          description:
            'Customers see their own orders, admins every order; anyone may filter by `status` and creation date (`from` inclusive; ' +
            '`to` inclusive, a plain date covering that whole day), admins also by `customerId`. Pages are keyset cursors (`nextCursor`).',
          protect: true,
          errorResponses: [400, 401],
        },
      })
      .input(listOrdersInput)
      .output(orderPageSchema)
      .query(({ input, ctx }) => service.list(ctx.user, input)),

    summary: staffProcedure('dashboard:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/orders/summary',
          tags: ['orders'],
          summary: 'Sales summary for the admin dashboard (admin)',
          description: SUMMARY_DESCRIPTION,
          protect: true,
          errorResponses: [400, 401, 403],
        },
      })
      .input(summaryInput)
      .output(orderSalesSummarySchema)
      .query(({ input, ctx }) => service.summary(ctx.user, input)),

    settings: staffProcedure('settings:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/settings',
          tags: ['settings'],
          summary: 'The store settings (admin)',
          description: SETTINGS_DESCRIPTION,
          protect: true,
          errorResponses: [401, 403],
        },
      })
      .input(z.object({}))
      .output(storeSettingsSchema)
      .query(({ ctx }) => service.settings(ctx.user)),

    updateSettings: staffProcedure('settings:write')
      .meta({
        openapi: {
          method: 'PUT',
          path: '/settings',
          tags: ['settings'],
          summary: 'Save the store settings (admin)',
          description:
            SETTINGS_DESCRIPTION +
            ' Send every field and the `version` you read: a save made since then answers 409 (reload and try again). Bad input is 400 with ' +
            '`field: message` for each bad field (e.g. `taxRates.1.country: …`). Recorded in the audit log (entity `setting`, id `store`) with the fields before and after.',
          protect: true,
          errorResponses: [400, 401, 403, 409],
        },
      })
      .input(updateStoreSettingsInput)
      .output(storeSettingsSchema)
      .mutation(({ input, ctx }) => service.updateSettings(ctx.user, input)),

    publicSettings: publicProcedure
      .meta({
        cache: { maxAgeSeconds: 2 },
        openapi: {
          method: 'GET',
          path: '/settings/store',
          tags: ['settings'],
          summary: 'The store name (public)',
          description: 'What shoppers may read of the store settings: the store name, for the storefront’s header and titles.',
        },
      })
      .input(z.object({}))
      .output(publicStoreSettingsSchema)
      .query(() => service.publicSettings()),

    search: staffProcedure('orders:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/orders/search',
          tags: ['orders'],
          summary: 'Search, sort and page every order (admin)',
          description:
            'The admin order list, paged by number. `q`: an order number or id prefix (`OC-0000004`, `3f2a9c`) or part of the buyer’s e-mail ' +
            '(the e-mail every order keeps: the customer’s at checkout, or the guest’s), case-insensitive. `from`/`to` (creation time, both ' +
            'inclusive): a store-local day `YYYY-MM-DD` in `STORE_TIMEZONE` (`to` covers that whole day) or an ISO timestamp. `minTotal`/`maxTotal` ' +
            'in cents. `sort`: `created_desc` (default), `created_asc`, `total_desc`, `total_asc` (ties: by creation time, then id). `page` from 1, ' +
            '`pageSize` 10, 20 (default), 50 or 100; `total` counts every match. Bad values, `from` after `to` or `minTotal` above `maxTotal` are 400.',
          protect: true,
          errorResponses: [400, 401, 403],
        },
      })
      .input(searchOrdersInput)
      .output(orderSearchPageSchema)
      .query(({ input, ctx }) => service.search(ctx.user, input)),

    export: staffProcedure('orders:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/orders/export',
          tags: ['orders'],
          summary: 'Every order matching the list’s filters, in keyset pages (admin export)',
          description:
            'The same filters and sort as `/orders/search`, for reading all matches (the admin’s CSV export): `limit` orders per page (1-1000, ' +
            'default 500) and `nextCursor` to pass as `after` for the next page, null after the last. Each page costs the same however deep it is, and ' +
            'orders placed during the walk never shift it (no order is skipped or repeated). A cursor from another sort, or altered, is 400.',
          protect: true,
          errorResponses: [400, 401, 403],
        },
      })
      .input(exportOrdersInput)
      .output(orderExportPageSchema)
      .query(({ input, ctx }) => service.exportPage(ctx.user, input)),

    get: authedProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/orders/{id}',
          tags: ['orders'],
          summary: 'Order detail with its status history',
          description: "The owner's or, for admins, any order. Anyone else's order is 404.",
          protect: true,
          errorResponses: [401, 404],
        },
      })
      .input(orderIdInput)
      .output(orderDetailSchema)
      .query(({ input, ctx }) => service.get(ctx.user, input.id)),

    updateStatus: staffProcedure('orders:write')
      .meta({
        openapi: {
          method: 'PUT',
          path: '/orders/{id}/status',
          tags: ['orders'],
          summary: 'Change an order\'s status (admin)',
          description:
            'Legal moves: pending_payment → paid | payment_failed | cancelled; paid → fulfilled | cancelled | refunded | partially_refunded; ' +
            'fulfilled → delivered | refunded | partially_refunded; delivered → refunded | partially_refunded; partially_refunded → refunded | ' +
            'partially_refunded. Anything else is 409. `cancelled` after payment and `refunded` refund the remaining amount through payments ' +
            '(and put the stock back unless the order shipped); `partially_refunded` needs `amount` in cents (more than refundable is 400; ' +
            'refunding the last cent records `refunded`). `fulfilled` may carry `carrier` (≤ 60) and `trackingNumber` (≤ 100), kept on the order, in the ' +
            'history entry and in `orders.status_changed` (with any other status they are 400). Every change is kept in the status history with the admin and the time.',
          protect: true,
          errorResponses: [400, 401, 403, 404, 409, 503],
        },
      })
      .input(updateStatusInput)
      .output(orderDetailSchema)
      .mutation(({ input, ctx }) => service.updateStatus(ctx.user, input)),

    /** Inventory (consumer inventory.sales) could not take a paid order's sale: the order is refunded and cancelled. */
    saleFailed: internalProcedure
      .input(saleFailedInput)
      .output(z.object({ ok: z.literal(true) }))
      .mutation(async ({ input }) => {
        await service.saleFailed(input);
        return { ok: true as const };
      }),
  });
}

export type OrdersRouter = ReturnType<typeof createOrdersRouter>;
