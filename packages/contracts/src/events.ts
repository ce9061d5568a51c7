import type { z } from 'zod';

/**
 * Event contracts: what a domain announces, declared once in its producer's `events.ts` with
 * `defineEvent`, versioned, and validated by every consumer on receipt. The envelope is the same
 * on both buses (RabbitMQ carries the metadata in message headers as well).
 *
 * Versioning: additive payload changes (a new optional field) keep the version — consumers strip
 * what they do not know. Removing or changing a field is a new version; a consumer declares the
 * versions it understands and an event of any other version is dead-lettered with the reason.
 */

/** Who caused the fact: a signed-in user (by id) or a service acting on its own (by name). */
export interface EventActor {
  type: 'user' | 'service';
  id: string;
}

/** The envelope every event travels in. */
export interface EventEnvelope<TType extends string = string, TData = Record<string, unknown>> {
  /** UUID, unique per event (consumers deduplicate on it). */
  id: string;
  /** `<domain>.<fact in the past tense>`, e.g. `orders.order_paid`. */
  type: TType;
  /** The contract version the payload follows. */
  version: number;
  /** The producing domain. */
  source: string;
  /** ISO timestamp of the transaction that produced it. */
  occurredAt: string;
  /** The id of the thing the fact is about (the order, the SKU, the user...). */
  aggregateId: string;
  /** Who caused it, where there is one. */
  actor: EventActor | null;
  /** W3C trace context of the request or job that wrote the event (captured with the outbox row). */
  traceparent: string | null;
  tracestate: string | null;
  data: TData;
}

type PayloadSchema = z.ZodObject;

export interface EventContract<TType extends string = string, TSchema extends PayloadSchema = PayloadSchema> {
  readonly type: TType;
  readonly version: number;
  /** The producing domain: the part of `type` before the first dot. */
  readonly source: string;
  readonly schema: TSchema;
  /** The payload field that holds the aggregate id (copied to the envelope's `aggregateId`). */
  readonly aggregate: string;
  /** One sentence: when it is published. */
  readonly description: string;
}

/** The payload type of a contract. */
export type EventData<C extends EventContract> = z.output<C['schema']>;
/**
 * An event as a consumer of contract C receives it (payload validated and typed). Distributes over
 * a union of contracts, so a handler of several can switch on `type` and get each payload's type.
 */
export type EventOf<C extends EventContract> = C extends EventContract ? EventEnvelope<C['type'], EventData<C>> : never;

const EVENT_TYPE = /^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)$/;

/**
 * Declares an event. `aggregate` names the payload field that identifies what the fact is about.
 *
 *   export const orderPaid = defineEvent({
 *     type: 'orders.order_paid', version: 1, aggregate: 'orderId',
 *     description: 'The payment of an order succeeded and its stock was taken.',
 *     schema: z.object({ orderId: z.uuid(), total: z.number().int(), ... }),
 *   });
 */
export function defineEvent<const TType extends string, TSchema extends PayloadSchema>(spec: {
  type: TType;
  version: number;
  schema: TSchema;
  aggregate: keyof z.output<TSchema> & string;
  description: string;
}): EventContract<TType, TSchema> {
  const match = EVENT_TYPE.exec(spec.type);
  if (!match) throw new Error(`Event type "${spec.type}" must read <domain>.<fact>, lower case with underscores`);
  if (!Number.isInteger(spec.version) || spec.version < 1) throw new Error(`${spec.type}: version must be a positive integer`);
  if (!(spec.aggregate in spec.schema.shape)) throw new Error(`${spec.type}: aggregate field "${spec.aggregate}" is not in the payload schema`);
  return Object.freeze({ ...spec, source: match[1] as string });
}

/** `type@version`, the key a contract is known by in catalogues and dead-letter reasons. */
export const contractKey = (contract: Pick<EventContract, 'type' | 'version'>): string => `${contract.type}@${contract.version}`;

export type PayloadCheck<C extends EventContract> = { ok: true; data: EventData<C> } | { ok: false; reason: string };

/** Validates an event's payload against a contract; the reason names every bad field. */
export function checkEventData<C extends EventContract>(contract: C, data: unknown): PayloadCheck<C> {
  const parsed = contract.schema.safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data as EventData<C> };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
  return { ok: false, reason: `payload does not match ${contractKey(contract)}: ${problems.join('; ')}` };
}
