// The local Stripe: a Stripe-compatible HTTP API (PaymentIntents, Charges, Refunds, Events) with
// Stripe's test payment methods, Idempotency-Key semantics and signed webhooks with retries. The
// payments service reaches it through the official `stripe` SDK (host/port/protocol options).
export {
  DEFAULT_WEBHOOK_EVENTS,
  startStripeSimulator,
  type StripeSimulator,
  type StripeSimulatorOptions,
} from './server.js';
export {
  DEFAULT_API_VERSION,
  StripeApiError,
  StripeEngine,
  TEST_PAYMENT_METHODS,
  type Charge,
  type PaymentIntent,
  type PaymentIntentStatus,
  type Refund,
  type StripeEvent,
} from './engine.js';
export { signPayload, type Delivery, type DeliveryAttempt } from './webhooks.js';
