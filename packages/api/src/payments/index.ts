// payments: payment intents, refunds and Stripe's webhooks, through the official `stripe` SDK.
// The public face: the manifest, the router type and the event contracts. Everything else is private.
import { defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { paymentsConfig } from './config.js';
import { paymentsEvents } from './events.js';
import type { PaymentsModuleOptions } from './module.js';

export type { PaymentsRouter } from './router.js';
export type { PaymentDto, RefundResult } from './schemas.js';
export { chargeRefunded, paymentCanceled, paymentFailed, paymentSucceeded } from './events.js';
export { paymentsConfig, stripeApiUrl } from './config.js';

/** Where Stripe delivers its webhooks (at the gateway too). */
export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

export const manifest = defineDomain({
  name: 'payments',
  port: 4106,
  summary: 'Payment intents and refunds through the official Stripe SDK (real Stripe or the local simulator), Stripe webhooks.',
  rest: ['payments'],
  raw: [
    {
      path: STRIPE_WEBHOOK_PATH,
      methods: ['POST'],
      // Stripe delivers from a few addresses; its signature, not its address, authenticates it.
      rateLimited: false,
      summary: 'Stripe’s webhook deliveries; the body reaches payments byte for byte (the signature covers it).',
    },
  ],
  config: paymentsConfig,
  publishes: paymentsEvents,
  openapiFile: 'payment_service_api.yaml',
  // Real Stripe: the secret key and the webhook endpoint's signing secret (the dev overlay fills
  // omnicart-stripe with the simulator's values and sets STRIPE_API_URL).
  secrets: {
    STRIPE_SECRET_KEY: { secret: 'omnicart-stripe', key: 'secret-key' },
    STRIPE_WEBHOOK_SECRET: { secret: 'omnicart-stripe', key: 'webhook-secret' },
  },
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createPaymentsDomain(options: PaymentsModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createPaymentsModule(options) as LoadedDomain['module'] };
}
