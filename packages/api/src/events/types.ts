import type { Logger } from 'pino';
import type pg from 'pg';
import type { EventEnvelope } from '@omnicart/contracts';

/**
 * A fact one domain announces to the others, in its envelope (see `EventEnvelope` in
 * @omnicart/contracts: id, type, version, source, occurredAt, aggregateId, actor, trace context,
 * data). Outbox relays always fill the whole envelope; the bus transports what it is given and the
 * contract layer (`subscribeToContracts`) hands handlers the full, validated envelope. Delivery is at-least-once: a consumer may see an event twice (redelivery after a crash, a
 * relay retry) and must be idempotent, deduplicating on `id` or applying only newer versions of
 * what it keeps.
 */
export type DomainEvent<TData = Record<string, unknown>> = Pick<EventEnvelope, 'id' | 'type' | 'source' | 'occurredAt'> &
  Partial<Pick<EventEnvelope, 'version' | 'aggregateId' | 'actor' | 'traceparent' | 'tracestate'>> & { data: TData };

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface SubscribeOptions {
  /**
   * Durable consumer name, e.g. `catalog.availability`: one queue per name; events published
   * while the consumer is down wait for it. Two processes with the same name share the work.
   */
  consumer: string;
  /** Event types delivered to this consumer (exact names). */
  types: string[];
  /**
   * Called once per delivery; resolve to acknowledge. A throw redelivers later with backoff;
   * after `maxAttempts` the event is parked as dead (logged, kept for inspection). A throw of
   * `InvalidEventError` (the event can never be handled: it fails its contract) parks it at once.
   */
  handler: EventHandler;
  /**
   * Optional: called instead of `handler` with several events at once when the bus has several
   * ready for this consumer (PostgreSQL bus only; RabbitMQ always calls `handler`). Resolve to
   * acknowledge them all; a throw sends each of them through `handler` alone (so one bad event
   * is retried and dead-lettered on its own). Must be idempotent like `handler`.
   */
  batchHandler?: (events: DomainEvent[]) => Promise<void>;
  /** Deliveries (first one included) before an event is parked as dead. Default 10. */
  maxAttempts?: number;
  /** Handlers of this subscription running at once in this process. Default 1. */
  concurrency?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface PublishOptions {
  /**
   * PostgreSQL bus only: write the deliveries with this client, inside the caller's open
   * transaction (the outbox relay marks its rows published in the same transaction). RabbitMQ
   * ignores it.
   */
  client?: pg.ClientBase;
}

/** Redelivery backoff after a handler failure: initialDelayMs, doubled per attempt, capped. */
export interface RetryPolicy {
  /** Default 1000. */
  initialDelayMs?: number;
  /** Default 60000. */
  maxDelayMs?: number;
}

/** RabbitMQ (topic exchange, a durable queue per consumer) or the PostgreSQL fallback (schema events). */
export interface EventBus {
  readonly kind: 'rabbitmq' | 'postgres';
  /** Durably hands events to the bus; resolves once the broker/database accepted them. */
  publish(events: DomainEvent[], options?: PublishOptions): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription and closes connections. */
  close(): Promise<void>;
}

export interface CreateEventBusOptions {
  /** RabbitMQ when set (e.g. amqp://guest:guest@127.0.0.1:5672); otherwise the PostgreSQL bus. */
  rabbitmqUrl?: string | undefined;
  /** PostgreSQL bus: how often it polls when nothing woke it. Default 500. */
  pollMs?: number;
  /** Pool on the platform database (the PostgreSQL bus keeps its queues in schema `events`). */
  pool: pg.Pool;
  logger: Logger;
  /**
   * RabbitMQ: prefix of the exchange and queue names (`<ns>.omnicart.events`, `<ns>.<consumer>`).
   * Default none.
   */
  namespace?: string | undefined;
  /** RabbitMQ topic exchange (default `omnicart.events`, namespaced); tests use their own. */
  exchange?: string;
  retry?: RetryPolicy;
  /**
   * PostgreSQL bus: how long a claimed delivery stays invisible to other workers while its
   * handler runs (a crashed worker's events come back after this). Default 60000.
   */
  leaseMs?: number;
  /** RabbitMQ: a publish not confirmed within this time rejects. Default 10000. */
  publishTimeoutMs?: number;
}
