import Stripe from 'stripe';
import { stripeApiUrl, type Env } from '../runtime/env.js';

/**
 * The one Stripe client of the payments service: the official SDK, pointed at the local
 * simulator when `stripeApiUrl(env)` names one, at real Stripe otherwise. The SDK retries
 * connection errors, 409 and 5xx itself (with the same Idempotency-Key).
 */
export function createStripeClient(env: Env, overrides: { apiUrl?: string; timeoutMs?: number; maxNetworkRetries?: number } = {}): Stripe {
  const apiUrl = overrides.apiUrl ?? stripeApiUrl(env);
  const config: Stripe.StripeConfig = {
    maxNetworkRetries: overrides.maxNetworkRetries ?? 2,
    timeout: overrides.timeoutMs ?? Math.min(env.SERVICE_CALL_TIMEOUT_MS, 20_000),
    httpClient: Stripe.createNodeHttpClient(),
    telemetry: false,
    appInfo: { name: 'omnicart-payments' },
  };
  if (apiUrl) {
    const url = new URL(apiUrl);
    config.host = url.hostname;
    config.protocol = url.protocol === 'https:' ? 'https' : 'http';
    config.port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  }
  return new Stripe(env.STRIPE_SECRET_KEY, config);
}

export { Stripe };
