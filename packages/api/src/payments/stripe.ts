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
    // Three attempts (plus the SDK's backoff) must fit in the caller's service-call timeout; a
    // timed-out charge is UNAVAILABLE and is replayed later with the same idempotency key.
    timeout: overrides.timeoutMs ?? Math.max(1_000, Math.floor(env.SERVICE_CALL_TIMEOUT_MS / 4)),
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
