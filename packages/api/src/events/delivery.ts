// Pieces both buses share: redelivery backoff, subscription defaults, the wire form of an event.
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

/** Parses an event off the wire; throws on anything that is not a DomainEvent. */
export function parseEvent(raw: unknown): DomainEvent {
  if (typeof raw !== 'object' || raw === null) throw new Error('event is not an object');
  const event = raw as Record<string, unknown>;
  const { id, type, source, occurredAt, data } = event;
  if (typeof id !== 'string' || typeof type !== 'string' || typeof source !== 'string' || typeof occurredAt !== 'string') {
    throw new Error('event lacks id, type, source or occurredAt');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('event data is not an object');
  return { id, type, source, occurredAt, data: data as Record<string, unknown> };
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
