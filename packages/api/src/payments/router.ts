import { staffProcedure, internalProcedure, router } from '../runtime/trpc.js';
import { chargeInput, chargeResultSchema, orderRefInput, paymentSchema, refundInput, refundResultSchema } from './schemas.js';
import type { PaymentsService } from './service.js';

/**
 * Thin tRPC router. `charge`, `getForOrder`, `refund` and `cancel` are internal (orders calls
 * them with the service token; the gateway never routes them); the admin read is REST too.
 */
export function createPaymentsRouter(service: PaymentsService) {
  return router({
    charge: internalProcedure
      .input(chargeInput)
      .output(chargeResultSchema)
      .mutation(({ input }) => service.charge(input)),

    getForOrder: internalProcedure
      .input(orderRefInput)
      .output(paymentSchema.nullable())
      .query(({ input }) => service.getForOrder(input.orderId)),

    refund: internalProcedure
      .input(refundInput)
      .output(refundResultSchema)
      .mutation(({ input }) => service.refund(input)),

    cancel: internalProcedure
      .input(orderRefInput)
      .output(paymentSchema.nullable())
      .mutation(({ input }) => service.cancel(input.orderId)),

    byOrder: staffProcedure('orders:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/payments/{orderId}',
          tags: ['payments'],
          summary: "An order's payment (admin)",
          description: 'The Stripe PaymentIntent behind an order: status, amounts captured and refunded, the decline code of a failed payment.',
          errorResponses: [400, 401, 403, 404],
        },
      })
      .input(orderRefInput)
      .output(paymentSchema)
      .query(({ input }) => service.byOrder(input.orderId)),
  });
}

export type PaymentsRouter = ReturnType<typeof createPaymentsRouter>;
