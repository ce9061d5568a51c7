import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import type { StripeEvent } from './engine.js';

/**
 * Webhook delivery the way Stripe does it: every event POSTed as JSON to the endpoint with a
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">` header, signed afresh at
 * each attempt, retried with exponential backoff until the endpoint answers 2xx (capped).
 * Deliveries run in the background; an API response never waits for them. They go out over
 * undici's `request` on a keep-alive agent (one per dispatcher): a charge's webhook reuses a warm
 * connection, without the WHATWG Request/Response layers of global fetch.
 */

/** Stripe's signature header for a payload (what `stripe.webhooks.constructEvent` verifies). */
export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface DeliveryAttempt {
  at: string;
  /** HTTP status, or null when the endpoint could not be reached. */
  status: number | null;
  error: string | null;
}

export interface Delivery {
  id: number;
  eventId: string;
  type: string;
  url: string;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
}

export interface WebhookDispatcherOptions {
  secret: string;
  url: () => string | undefined;
  logger?: Logger | undefined;
  /** First retry delay; doubles each attempt (default 250 ms). */
  backoffBaseMs?: number;
  /** Delay cap (default 30 s). */
  backoffMaxMs?: number;
  /** Attempts per delivery before giving up (default 10). */
  maxAttempts?: number;
  /** One attempt's timeout (default 10 s). */
  timeoutMs?: number;
}

export interface WebhookDispatcher {
  /** Queue a delivery of the event to the current endpoint (no-op without one). */
  deliver(event: StripeEvent): Delivery | null;
  deliveries(): Delivery[];
  /** Resolves once no delivery is pending (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Where a delivery goes, parsed once per delivery (not per attempt). */
interface Target {
  origin: string;
  path: string;
}

/** Parsed webhook URLs by URL: the endpoint rarely changes. */
const targets = new Map<string, Target | null>();
function targetOf(url: string): Target | null {
  let target = targets.get(url);
  if (target === undefined) {
    try {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    } catch {
      target = null;
    }
    if (targets.size > 100) targets.clear();
    targets.set(url, target);
  }
  return target;
}

/** Keep the delivery log bounded on a long-running simulator. */
const MAX_LOGGED_DELIVERIES = 10_000;

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const base = options.backoffBaseMs ?? 250;
  const cap = options.backoffMaxMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log: Delivery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let pending = 0;
  let idleWaiters: Array<() => void> = [];
  let stopped = false;
  let nextId = 1;
  const agent = new Agent({ keepAliveTimeout: 4_000, connections: 64, pipelining: 1 });
  const headersBase = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };

  const settle = () => {
    pending--;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  async function attempt(delivery: Delivery, target: Target, payload: string): Promise<void> {
    const signature = signPayload(payload, options.secret);
    const record: DeliveryAttempt = { at: new Date().toISOString(), status: null, error: null };
    delivery.attempts.push(record);
    try {
      const response = await agent.request({
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers: { ...headersBase, 'stripe-signature': signature },
        body: payload,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      record.status = response.statusCode;
      await response.body.dump().catch(() => undefined);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    if (record.status !== null && record.status >= 200 && record.status < 300) {
      delivery.state = 'delivered';
      settle();
      return;
    }
    if (stopped || delivery.attempts.length >= maxAttempts) {
      delivery.state = 'failed';
      options.logger?.warn({ eventId: delivery.eventId, type: delivery.type, attempts: delivery.attempts.length }, 'webhook delivery abandoned');
      settle();
      return;
    }
    const delay = Math.min(cap, base * 2 ** (delivery.attempts.length - 1));
    const timer = setTimeout(() => {
      timers.delete(timer);
      run(delivery, target, payload);
    }, delay);
    timers.add(timer);
  }

  function run(delivery: Delivery, target: Target | null, payload: string): void {
    if (stopped || !target) {
      if (!target) delivery.attempts.push({ at: new Date().toISOString(), status: null, error: `Invalid webhook URL: ${delivery.url}` });
      delivery.state = 'failed';
      settle();
      return;
    }
    const promise = attempt(delivery, target, payload).finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  }

  return {
    deliver(event) {
      const url = options.url();
      if (!url || stopped) return null;
      const delivery: Delivery = { id: nextId++, eventId: event.id, type: event.type, url, attempts: [], state: 'pending' };
      log.push(delivery);
      // Trimmed in chunks: shifting a 10 000-entry array on every delivery is not free.
      if (log.length > MAX_LOGGED_DELIVERIES + 1_000) log.splice(0, log.length - MAX_LOGGED_DELIVERIES);
      pending++;
      // Serialized once: every attempt carries the same bytes, signed with a fresh timestamp.
      const payload = JSON.stringify(event);
      const target = targetOf(url);
      setImmediate(() => run(delivery, target, payload));
      return delivery;
    },
    deliveries: () => log.map((delivery) => ({ ...delivery, attempts: [...delivery.attempts] })),
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
      await agent.close().catch(() => undefined);
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    },
  };
}
