// Subscribing to declared contracts: the payload of every delivery is validated against the
// contract of its type and version before the handler sees it, and the handler runs in the trace
// of the event it handles (so the events it writes continue that trace).
import { checkEventData, contractKey, type EventActor, type EventContract, type EventEnvelope, type EventOf } from '@omnicart/contracts';
import { runWithWork, traceBridge, workFrom } from '../runtime/trace.js';
import { InvalidEventError } from './delivery.js';
import type { DomainEvent, EventBus, Subscription } from './types.js';

export interface ContractSubscription<C extends EventContract> {
  /** Durable consumer name, `<consuming domain>.<purpose>`. */
  consumer: string;
  /** Every contract (type and version) this consumer understands. */
  contracts: readonly C[];
  /** The service the handler acts as (the actor of the events it writes). */
  service: string;
  handler: (event: EventOf<C>) => Promise<void>;
  /** Optional: several events in one call (PostgreSQL bus); a throw sends each through `handler`. */
  batchHandler?: (events: EventOf<C>[]) => Promise<void>;
  concurrency?: number;
  maxAttempts?: number;
}

/**
 * The full envelope of a delivery checked against the contracts: its type and version must be one
 * this consumer understands and its payload must validate. Throws InvalidEventError (the bus
 * dead-letters the event at once, with the reason) otherwise.
 */
export function validatedEvent<C extends EventContract>(event: DomainEvent, contracts: readonly C[], consumer: string): EventOf<C> {
  const version = event.version ?? 1;
  const contract = contracts.find((candidate) => candidate.type === event.type && candidate.version === version);
  if (!contract) {
    const known = contracts.filter((candidate) => candidate.type === event.type).map(contractKey);
    throw new InvalidEventError(
      `${event.type}@${version} is not a contract ${consumer} understands${known.length ? ` (it reads ${known.join(', ')})` : ''}`,
    );
  }
  const checked = checkEventData(contract, event.data);
  if (!checked.ok) throw new InvalidEventError(checked.reason);
  const envelope: EventEnvelope = {
    id: event.id,
    type: event.type,
    version,
    source: event.source,
    occurredAt: event.occurredAt,
    aggregateId: event.aggregateId ?? '',
    actor: event.actor ?? null,
    traceparent: event.traceparent ?? null,
    tracestate: event.tracestate ?? null,
    data: checked.data as Record<string, unknown>,
  };
  return envelope as EventOf<C>;
}

export function subscribeToContracts<C extends EventContract>(bus: EventBus, options: ContractSubscription<C>): Promise<Subscription> {
  const { consumer, contracts, handler, batchHandler } = options;
  const actor: EventActor = { type: 'service', id: options.service };
  // The handler runs in the trace of the event: with OpenTelemetry on, in a CONSUMER span
  // `<consumer> process <type>`, a child of the context the producer stored with its outbox row
  // (one checkout is one trace, whatever bus carried it); the rest of a batch are links.
  const inTraceOf = <T>(events: DomainEvent[], work: () => Promise<T>): Promise<T> => {
    const [event, ...rest] = events;
    const bridge = traceBridge();
    if (!bridge || !event) return runWithWork(workFrom(event?.traceparent, event?.tracestate, actor), work);
    return bridge.inConsumerSpan(
      `${consumer} process ${event.type}`,
      { traceparent: event.traceparent, tracestate: event.tracestate },
      rest.flatMap((other) => (other.traceparent ? [other.traceparent] : [])),
      {
        'messaging.system': bus.kind === 'rabbitmq' ? 'rabbitmq' : 'postgresql',
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': consumer,
        'messaging.message.id': event.id,
        'messaging.batch.message_count': events.length,
      },
      (traceparent, tracestate) => runWithWork({ traceparent, tracestate, actor }, work),
    );
  };
  return bus.subscribe({
    consumer,
    types: [...new Set(contracts.map((contract) => contract.type))],
    handler: (event) => {
      const valid = validatedEvent(event, contracts, consumer);
      return inTraceOf([event], () => handler(valid));
    },
    ...(batchHandler
      ? {
          // One invalid event fails the batch; the bus then sends each through `handler`, which
          // dead-letters just that one.
          batchHandler: (events: DomainEvent[]) => {
            const valid = events.map((event) => validatedEvent(event, contracts, consumer));
            return inTraceOf(events, () => batchHandler(valid));
          },
        }
      : {}),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}
