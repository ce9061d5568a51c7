import http from 'node:http';
import https from 'node:https';
import Stripe from 'stripe';
import { stripeApiUrl, type PaymentsSettings } from './config.js';

/**
 * The one Stripe client of the payments service: the official SDK, pointed at the local
 * simulator when `stripeApiUrl(env)` names one, at real Stripe otherwise. The SDK retries
 * connection errors, 409 and 5xx itself (with the same Idempotency-Key).
 */
/**
 * Keep-alive connections for every SDK call of this process: a charge is a create+confirm round
 * trip, so a fresh TCP (or TLS) connection each time would cost more than the call. Idle sockets
 * close after 4 s, before a Node server's 5 s keep-alive timeout can race a reuse (the SDK would
 * retry that with the same idempotency key anyway); `lifo` keeps the warm ones busy.
 */
const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1_000, timeout: 4_000, scheduling: 'lifo', maxFreeSockets: 64 } as const;
let httpAgent: http.Agent | undefined;
let httpsAgent: https.Agent | undefined;
function keepAliveAgent(protocol: 'http' | 'https'): http.Agent {
  if (protocol === 'http') return (httpAgent ??= new http.Agent(AGENT_OPTIONS));
  return (httpsAgent ??= new https.Agent(AGENT_OPTIONS));
}

export function createStripeClient(
  env: PaymentsSettings & { SERVICE_CALL_TIMEOUT_MS: number },
  overrides: { apiUrl?: string; timeoutMs?: number; maxNetworkRetries?: number } = {},
): Stripe {
  const apiUrl = overrides.apiUrl ?? stripeApiUrl(env);
  const url = apiUrl ? new URL(apiUrl) : null;
  const protocol = url && url.protocol !== 'https:' ? 'http' : 'https';
  const config: Stripe.StripeConfig = {
    maxNetworkRetries: overrides.maxNetworkRetries ?? 2,
    // Three attempts (plus the SDK's backoff) must fit in the caller's service-call timeout; a
    // timed-out charge is UNAVAILABLE and is replayed later with the same idempotency key.
    timeout: overrides.timeoutMs ?? Math.max(1_000, Math.floor(env.SERVICE_CALL_TIMEOUT_MS / 4)),
    httpClient: Stripe.createNodeHttpClient(keepAliveAgent(protocol)),
    // No per-call telemetry headers (request timings of the previous call) nor telemetry id lookups.
    telemetry: false,
    appInfo: { name: 'omnicart-payments' },
  };
  if (url) {
    config.host = url.hostname;
    config.protocol = protocol;
    config.port = Number(url.port || (protocol === 'https' ? 443 : 80));
  }
  const stripe = new Stripe(env.STRIPE_SECRET_KEY, config);
  memoizeClientUserAgent(stripe);
  return stripe;
}

/**
 * The SDK rebuilds its X-Stripe-Client-User-Agent header on every request, with an `os.release()`
 * (a uname syscall) each time; for one client it never changes, so it is computed once. Guarded:
 * should a future SDK drop the hook, requests simply build the header themselves again.
 */
function memoizeClientUserAgent(stripe: Stripe): void {
  const sdk = stripe as unknown as { getClientUserAgent?: (callback: (userAgent: string) => void) => void };
  const original = sdk.getClientUserAgent?.bind(stripe);
  if (!original) return;
  let cached: string | undefined;
  sdk.getClientUserAgent = (callback) => {
    if (cached !== undefined) return callback(cached);
    original((userAgent) => {
      cached = userAgent;
      callback(userAgent);
    });
  };
}

export { Stripe };
