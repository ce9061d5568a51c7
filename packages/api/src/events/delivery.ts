// Pieces both buses share: redelivery backoff, subscription defaults, the wire form of an event.
import type { EventActor } from '@omnicart/contracts';
import type { DomainEvent, RetryPolicy, SubscribeOptions } from './types.js';

export const DEFAULT_MAX_ATTEMPTS = 10;
export const DEFAULT_EXCHANGE = 'omnicart.events';

/** Delay before delivery number `attempt + 1` after `attempt` failed ones: 1 s, 2 s, 4 s... capped. */
export function retryDelayMs(attempt: number, policy: RetryPolicy = {}): number {
  const initial = policy.initialDelayMs ?? 1_000;
  const max = policy.maxDelayMs ?? 60_000;
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(max, initial * 2 ** exponent);
}

export type NormalizedSubscription = Required<Omit<SubscribeOptions, 'batchHandler'>> & Pick<SubscribeOptions, 'batchHandler'>;

export function normalizeSubscription(options: SubscribeOptions): NormalizedSubscription {
  const types = [...new Set(options.types)];
  if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(options.consumer)) throw new Error(`Invalid consumer name "${options.consumer}"`);
  if (types.length === 0) throw new Error(`Consumer ${options.consumer} subscribes to no event type`);
  for (const type of types) {
    // Exact names only: `*` and `#` would be RabbitMQ wildcards the PostgreSQL bus does not have.
    if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(type)) throw new Error(`Invalid event type "${type}" for consumer ${options.consumer}`);
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a positive integer');
  const normalized: NormalizedSubscription = { consumer: options.consumer, types, handler: options.handler, maxAttempts, concurrency };
  if (options.batchHandler) normalized.batchHandler = options.batchHandler;
  return normalized;
}

/**
 * Thrown by a handler when an event can never be handled (it fails its contract: an unknown
 * version, a payload that does not validate). Both buses park it as dead at once, with `reason`,
 * instead of retrying it.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export const isInvalidEvent = (error: unknown): boolean => error instanceof InvalidEventError;

function actorOf(value: unknown): EventActor | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, id } = value as Record<string, unknown>;
  return (type === 'user' || type === 'service') && typeof id === 'string' && id ? { type, id } : null;
}

/**
 * Parses an event off the wire; throws on anything that is not an event envelope. The bus carries
 * what the producer wrote: envelope fields that are absent (an event published before contracts
 * were versioned) stay absent here, and the contract layer (subscribe.ts) reads them as version 1
 * without actor or trace.
 */
export function parseEvent(raw: unknown): DomainEvent {
  if (typeof raw !== 'object' || raw === null) throw new Error('event is not an object');
  const event = raw as Record<string, unknown>;
  const { id, type, source, occurredAt, data } = event;
  if (typeof id !== 'string' || typeof type !== 'string' || typeof source !== 'string' || typeof occurredAt !== 'string') {
    throw new Error('event lacks id, type, source or occurredAt');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('event data is not an object');
  const parsed: DomainEvent = { id, type, source, occurredAt, data: data as Record<string, unknown> };
  const { version, aggregateId, actor, traceparent, tracestate } = event;
  if (version !== undefined && version !== null) {
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new Error('event version is not a positive integer');
    parsed.version = version;
  }
  if (typeof aggregateId === 'string') parsed.aggregateId = aggregateId;
  if (actor !== undefined) parsed.actor = actorOf(actor);
  if (typeof traceparent === 'string') parsed.traceparent = traceparent;
  if (typeof tracestate === 'string') parsed.tracestate = tracestate;
  return parsed;
}

/** The wire form of an event (both buses): the envelope's fields, absent ones left out. */
export function wireEvent(event: DomainEvent): DomainEvent {
  const { id, type, version, source, occurredAt, aggregateId, actor, traceparent, tracestate, data } = event;
  const wire: DomainEvent = { id, type, source, occurredAt, data };
  if (version !== undefined) wire.version = version;
  if (aggregateId !== undefined) wire.aggregateId = aggregateId;
  if (actor !== undefined) wire.actor = actor;
  if (traceparent !== undefined) wire.traceparent = traceparent;
  if (tracestate !== undefined) wire.tracestate = tracestate;
  return wire;
}

/** The columns of an `events.deliveries` row that make up the event it carries. */
export interface DeliveryEventColumns {
  event_id: string;
  type: string;
  source: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
  version: number | null;
  aggregate_id: string | null;
  actor: EventActor | null;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * The event a delivery row carries (the PostgreSQL bus hands it to the consumer; a dead letter
 * replays it), in its wire form: envelope fields that are null stay absent (see parseEvent).
 */
export function eventOfDelivery(row: DeliveryEventColumns): DomainEvent {
  const event: DomainEvent = { id: row.event_id, type: row.type, source: row.source, occurredAt: row.occurred_at.toISOString(), data: row.payload };
  if (row.version !== null) event.version = row.version;
  if (row.aggregate_id !== null) event.aggregateId = row.aggregate_id;
  if (row.actor !== null || row.version !== null) event.actor = row.actor;
  if (row.traceparent !== null) event.traceparent = row.traceparent;
  if (row.tracestate !== null) event.tracestate = row.tracestate;
  return event;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
