import { ERROR_BODY_NOTE, type DomainDocument, type OperationExamples } from '../runtime/docs.js';
import { ORDER_ID, INTENT_ID, authRequired } from '../openapi/example-values.js';

/**
 * payments's published REST document (data/docs/payment_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const examples: Record<string, OperationExamples> = {
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
    errors: { 400: { message: 'orderId: Invalid UUID' }, 401: authRequired, 404: { message: 'No payment for this order' } },
  },
};

export const document: DomainDocument = {
  file: 'payment_service_api.yaml',
  title: 'OmniCart payment service API',
  description: [
    'Payments (the payments service), as served by the gateway under `/api/v1`.',
    '',
    'Payments are created by checkout (the orders service) through the official `stripe` SDK — against the local',
    'Stripe simulator by default, or real Stripe with `STRIPE_SECRET_KEY`. This API lets an admin read the payment',
    'behind an order. Stripe\'s webhooks arrive at `POST /webhooks/stripe` on the gateway (outside `/api/v1`),',
    'verified with the `Stripe-Signature` header. ' + ERROR_BODY_NOTE,
    '',
    'Generated from the tRPC router (packages/api/src/payments) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'payments',
  tags: { payments: 'The payment behind an order (admin).' },
  examples,
};
