import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process. Several services may share a process (the laptop
 * topology), so every series carries a `service` label.
 */
export interface HttpMetrics {
  /** Records one finished request. `route` must be low-cardinality (procedure path or route pattern). */
  observe(route: string, method: string, status: number, seconds: number): void;
}

const pools = new Map<string, pg.Pool>();
let registry: Registry | undefined;
let requests: Counter<'service' | 'route' | 'method' | 'status'>;
let duration: Histogram<'service' | 'route' | 'method' | 'status'>;
let business: BusinessMetrics;

/** How a checkout (orders.place) ended. */
export type CheckoutOutcome = 'placed' | 'pending' | 'declined' | 'rejected' | 'rate_limited' | 'failed';
export type DeliveryOutcome = 'handled' | 'retried' | 'dead_lettered';
export type BreakerScope = 'gateway' | 'service_client';
export type BreakerStateName = 'closed' | 'open' | 'half-open';
/** What the notifications sender did with one message. */
export type NotificationSendState = 'sent' | 'bounced' | 'failed' | 'suppressed' | 'retry';

interface BusinessMetrics {
  checkouts: Counter<'service' | 'outcome'>;
  declines: Counter<'service' | 'decline_code'>;
  deliveries: Counter<'bus' | 'consumer' | 'outcome'>;
  reservationsExpired: Counter<'service'>;
  notificationSends: Counter<'service' | 'channel' | 'state'>;
  rateLimited: Counter<'service'>;
  breakerOpened: Counter<'scope' | 'service' | 'target'>;
}

/** A domain's outbox table, read at scrape time for the lag gauges. */
interface OutboxSource {
  pool: pg.Pool;
  table: string;
}
const outboxes = new Map<string, OutboxSource>();

/** A named breaker whose state the `circuit_breaker_state` gauge reports at scrape time. */
interface BreakerSource {
  scope: BreakerScope;
  service: string;
  target: string;
  state(): BreakerStateName;
}
const breakers = new Map<string, BreakerSource>();
const BREAKER_STATES: readonly BreakerStateName[] = ['closed', 'half-open', 'open'];

/** Decline codes seen so far: a label value must stay from a small set (Stripe's codes are a few dozen). */
const declineCodes = new Set<string>();
const MAX_DECLINE_CODES = 64;

/**
 * A provider's decline code as a label value: Stripe's codes are short snake_case words; anything
 * else, and any code past the first MAX_DECLINE_CODES distinct ones, is `other` (bounded cardinality).
 */
export function declineCodeLabel(code: string | null | undefined): string {
  if (!code || !/^[a-z0-9_]{1,64}$/.test(code)) return 'other';
  if (declineCodes.has(code)) return code;
  if (declineCodes.size >= MAX_DECLINE_CODES) return 'other';
  declineCodes.add(code);
  return code;
}

function ensureRegistry(): Registry {
  if (registry) return registry;
  const created = new Registry();
  collectDefaultMetrics({ register: created });
  requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by service, route (procedure or route pattern), method and status',
    labelNames: ['service', 'route', 'method', 'status'],
    registers: [created],
  });
  duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by service, route, method and status',
    labelNames: ['service', 'route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [created],
  });
  const poolGauge = (name: string, help: string, read: (pool: pg.Pool) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['service'],
      registers: [created],
      collect() {
        this.reset();
        for (const [service, pool] of pools) this.set({ service }, read(pool));
      },
    });
  poolGauge('db_pool_connections_total', 'PostgreSQL pool: open connections', (pool) => pool.totalCount);
  poolGauge('db_pool_connections_idle', 'PostgreSQL pool: idle connections', (pool) => pool.idleCount);
  poolGauge('db_pool_requests_waiting', 'PostgreSQL pool: queries waiting for a connection', (pool) => pool.waitingCount);
  business = createBusinessMetrics(created);
  registry = created;
  return created;
}

function createBusinessMetrics(reg: Registry): BusinessMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers: [reg] });
  // Read at scrape time: one indexed query per domain (outbox_events_published_at_occurred_at_idx),
  // all domains in parallel. A domain whose query fails is left out of this scrape.
  const outboxLag = new Gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age in seconds of the oldest unpublished outbox event, per producing service (0 when the outbox is drained)',
    labelNames: ['service'],
    registers: [reg],
  });
  new Gauge({
    name: 'outbox_unpublished_events',
    help: 'Outbox events not yet published to the bus, per producing service',
    labelNames: ['service'],
    registers: [reg],
    async collect() {
      this.reset();
      outboxLag.reset();
      await Promise.all(
        [...outboxes].map(async ([service, { pool, table }]) => {
          try {
            const { rows } = await pool.query<{ age: number | null; backlog: number }>(
              `SELECT extract(epoch FROM now() - min(occurred_at))::float8 AS age, count(*)::int AS backlog FROM ${table} WHERE published_at IS NULL`,
            );
            const row = rows[0];
            this.set({ service }, row?.backlog ?? 0);
            outboxLag.set({ service }, Math.max(0, row?.age ?? 0));
          } catch {
            // The database is unreachable: the pool gauges and the missing series tell that story.
          }
        }),
      );
    },
  });
  new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state (1 for the current one of closed, half-open, open), by scope (gateway upstream or service client), owning service and target',
    labelNames: ['scope', 'service', 'target', 'state'],
    registers: [reg],
    collect() {
      this.reset();
      for (const breaker of breakers.values()) {
        const current = breaker.state();
        for (const state of BREAKER_STATES) this.set({ scope: breaker.scope, service: breaker.service, target: breaker.target, state }, state === current ? 1 : 0);
      }
    },
  });
  return {
    checkouts: counter('orders_checkouts_total', 'Checkouts (orders.place) by outcome: placed, pending (payment needs action), declined, rejected (4xx), rate_limited, failed (5xx)', ['service', 'outcome']),
    declines: counter('payments_declines_total', 'Payments declined or refused by the provider, by decline code (unknown or excess codes are "other")', ['service', 'decline_code']),
    deliveries: counter('event_deliveries_total', 'Event deliveries to a consumer by outcome: handled, retried (will be redelivered), dead_lettered; bus is rabbitmq or postgres', ['bus', 'consumer', 'outcome']),
    reservationsExpired: counter('inventory_reservations_expired_total', 'Stock reservations released by the sweeper because their checkout never committed nor released them', ['service']),
    notificationSends: counter('notifications_sends_total', 'Notification send attempts by channel and resulting state: sent, bounced, failed (last attempt), suppressed, retry', ['service', 'channel', 'state']),
    rateLimited: counter('gateway_rate_limited_total', 'Requests the gateway refused with 429 (per-client token bucket)', ['service']),
    breakerOpened: counter('circuit_breaker_opened_total', 'Times a circuit breaker opened, by scope, owning service and target', ['scope', 'service', 'target']),
  };
}

function businessMetrics(): BusinessMetrics {
  ensureRegistry();
  return business;
}

/** orders: one finished checkout. */
export function recordCheckout(outcome: CheckoutOutcome, service = 'orders'): void {
  businessMetrics().checkouts.inc({ service, outcome });
}

/** payments: a payment moved to failed (counted once, when the transition is written). */
export function recordPaymentDecline(code: string | null | undefined, service = 'payments'): void {
  businessMetrics().declines.inc({ service, decline_code: declineCodeLabel(code) });
}

/** events: what one delivery to a consumer came to. */
export function recordDelivery(bus: 'rabbitmq' | 'postgres', consumer: string, outcome: DeliveryOutcome, count = 1): void {
  businessMetrics().deliveries.inc({ bus, consumer, outcome }, count);
}

/** inventory: reservations the sweeper released. */
export function recordReservationsExpired(count: number, service = 'inventory'): void {
  if (count > 0) businessMetrics().reservationsExpired.inc({ service }, count);
}

/** notifications: one send attempt's resulting state. */
export function recordNotificationSend(channel: string, state: NotificationSendState, service = 'notifications'): void {
  businessMetrics().notificationSends.inc({ service, channel, state });
}

/** gateway: one request refused by the rate limiter. */
export function recordRateLimited(service = 'gateway'): void {
  businessMetrics().rateLimited.inc({ service });
}

/** A named circuit breaker opened. */
export function recordBreakerOpened(scope: BreakerScope, service: string, target: string): void {
  businessMetrics().breakerOpened.inc({ scope, service, target });
}

/**
 * Reports a breaker's state at scrape time. One per (scope, service, target): a newer breaker of
 * the same name replaces the older (a restarted in-process service). Returns the unregistration.
 */
export function registerBreakerMetrics(source: BreakerSource): () => void {
  ensureRegistry();
  const key = `${source.scope}\u0000${source.service}\u0000${source.target}`;
  breakers.set(key, source);
  return () => {
    if (breakers.get(key) === source) breakers.delete(key);
  };
}

/**
 * Reports a domain's outbox lag and backlog at scrape time. `table` is the quoted
 * `"schema".outbox_events`. Returns the unregistration (a newer registration of the service wins).
 */
export function registerOutboxMetrics(service: string, pool: pg.Pool, table: string): () => void {
  ensureRegistry();
  const source = { pool, table };
  outboxes.set(service, source);
  return () => {
    if (outboxes.get(service) === source) outboxes.delete(service);
  };
}

/** The process registry (created on first use, with default process metrics). */
export function metricsRegistry(): Registry {
  return ensureRegistry();
}

/** Reports the pool's total/idle/waiting connections under this service's label. */
export function registerPoolMetrics(service: string, pool: pg.Pool): void {
  ensureRegistry();
  pools.set(service, pool);
}

export function unregisterPoolMetrics(service: string): void {
  pools.delete(service);
}

/** Request metrics for one service. Labelled children are cached so the hot path only looks up a map. */
export function createHttpMetrics(service: string): HttpMetrics {
  ensureRegistry();
  const children = new Map<string, { count: { inc(): void }; time: { observe(value: number): void } }>();
  return {
    observe(route, method, status, seconds) {
      const key = `${route}\u0000${method}\u0000${status}`;
      let child = children.get(key);
      if (!child) {
        const labels = { service, route, method, status: String(status) };
        child = { count: requests.labels(labels), time: duration.labels(labels) };
        children.set(key, child);
      }
      child.count.inc();
      child.time.observe(seconds);
    },
  };
}

/** Prometheus text exposition of the whole process. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const reg = ensureRegistry();
  return { contentType: reg.contentType, body: await reg.metrics() };
}
