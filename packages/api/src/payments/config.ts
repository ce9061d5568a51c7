import { z } from 'zod';
import { defineConfig, optionalUrl, port, positiveInt } from '../runtime/env.js';

/**
 * Payments' settings: its slice of the environment. With STRIPE_SECRET_KEY and no STRIPE_API_URL
 * the SDK talks to real Stripe; otherwise it talks to the local simulator at STRIPE_API_URL.
 */
export const paymentsConfig = defineConfig(
  z.object({
    STRIPE_SECRET_KEY: z.string().default('sk_test_omnicart_simulator'),
    STRIPE_API_URL: optionalUrl(),
    /** Signing secret of the webhook endpoint (whsec_...); the simulator signs with the same one. */
    STRIPE_WEBHOOK_SECRET: z.string().min(8).default('whsec_omnicart_simulator_dev_secret'),
    /** Seconds a webhook timestamp may be off before it is refused (Stripe's default is 300). */
    STRIPE_WEBHOOK_TOLERANCE_SECONDS: positiveInt(300),
    /** The local Stripe simulator (`npm start` runs it; STRIPE_API_URL defaults to it). */
    STRIPE_SIMULATOR_PORT: port(12111),
    /** Where the simulator delivers webhooks (default: the payments service's /webhooks/stripe). */
    STRIPE_SIMULATOR_WEBHOOK_URL: optionalUrl(),
  }),
);
export type PaymentsSettings = z.output<typeof paymentsConfig.schema>;

/** Where the Stripe SDK sends requests: the simulator unless real Stripe is configured. */
export const stripeApiUrl = (settings: Pick<PaymentsSettings, 'STRIPE_API_URL' | 'STRIPE_SECRET_KEY' | 'STRIPE_SIMULATOR_PORT'>): string | undefined =>
  settings.STRIPE_API_URL ??
  (settings.STRIPE_SECRET_KEY.startsWith('sk_test_omnicart') ? `http://127.0.0.1:${settings.STRIPE_SIMULATOR_PORT}` : undefined);
