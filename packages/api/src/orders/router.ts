import { adminProcedure, authedProcedure, router } from '../runtime/trpc.js';
import {
  checkoutInput,
  createOrderInput,
  listOrdersInput,
  orderDetailSchema,
  orderIdInput,
  orderPageSchema,
  orderSchema,
  updateStatusInput,
} from './schemas.js';
import type { OrdersService } from './service.js';

const CHECKOUT_DESCRIPTION =
  'Prices come from the catalog (any price the client sends is ignored); shipping is a flat rate, free from a subtotal threshold; ' +
  'tax is the destination country\'s rate on subtotal + shipping, rounded half-up to the cent. ' +
  'Stock is reserved, the order created `pending_payment` and the payment confirmed; a success answers 201 `paid`, an action ' +
  'the buyer must take 201 `pending_payment` with `payment.status: "requires_action"`, a decline 402 (the order, `payment_failed`, ' +
  'is in `error.details.order`), missing stock 409. The `Idempotency-Key` header is required: a retry with the same key and body ' +
  'replays the first answer (waiting for it if still in flight) and never charges twice; the same key with a different body is 409.';

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
          errorResponses: [400, 401, 402, 409, 503],
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
          errorResponses: [400, 401, 402, 409, 503],
        },
      })
      .input(checkoutInput)
      .output(orderSchema)
      .mutation(({ input, ctx }) => service.checkout(ctx.user, input, ctx.idempotencyKey)),

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

    updateStatus: adminProcedure
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
            'refunding the last cent records `refunded`). Every change is kept in the status history with the admin and the time.',
          protect: true,
          errorResponses: [400, 401, 403, 404, 409, 503],
        },
      })
      .input(updateStatusInput)
      .output(orderDetailSchema)
      .mutation(({ input, ctx }) => service.updateStatus(ctx.user, input)),
  });
}

export type OrdersRouter = ReturnType<typeof createOrdersRouter>;
