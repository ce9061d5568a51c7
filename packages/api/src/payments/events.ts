import { z } from 'zod';
import { defineEvent } from '@omnicart/contracts';

/**
 * What payments announces. Written by its SQL statements (repository.ts) in the same statement as
 * the payment's move; these contracts are what that SQL must produce (payments.integration.test.ts
 * checks the rows against them).
 */

export const paymentSucceeded = defineEvent({
  type: 'payments.payment_succeeded',
  version: 1,
  aggregate: 'orderId',
  description: 'The payment of an order succeeded (captured), from the charge’s answer or Stripe’s webhook.',
  schema: z.object({ orderId: z.uuid(), intentId: z.string(), amount: z.number().int() }),
});

export const paymentFailed = defineEvent({
  type: 'payments.payment_failed',
  version: 1,
  aggregate: 'orderId',
  description: 'The payment of an order was declined or failed; nothing was captured.',
  schema: z.object({ orderId: z.uuid(), intentId: z.string().nullable(), declineCode: z.string().nullable() }),
});

export const paymentCanceled = defineEvent({
  type: 'payments.payment_canceled',
  version: 1,
  aggregate: 'orderId',
  description: 'The payment of an order was canceled before it completed (by orders, or at Stripe).',
  schema: z.object({ orderId: z.uuid(), intentId: z.string().nullable() }),
});

export const chargeRefunded = defineEvent({
  type: 'payments.charge_refunded',
  version: 1,
  aggregate: 'orderId',
  description: 'Money went back to the buyer; `amountRefunded` is the total refunded so far.',
  schema: z.object({ orderId: z.uuid(), intentId: z.string(), amountRefunded: z.number().int() }),
});

export const paymentsEvents = [paymentSucceeded, paymentFailed, paymentCanceled, chargeRefunded] as const;
