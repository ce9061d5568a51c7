// Events: transactional outboxes, the relay that publishes them, the bus (RabbitMQ, or durable
// queues in PostgreSQL when RABBITMQ_URL is not set) and subscriptions to declared contracts.
// See README.md.
export type {
  CreateEventBusOptions,
  DomainEvent,
  EventBus,
  EventHandler,
  PublishOptions,
  RetryPolicy,
  SubscribeOptions,
  Subscription,
} from './types.js';
export { createEventBus } from './bus.js';
export { InvalidEventError } from './delivery.js';
export {
  OUTBOX_COLUMNS,
  inWriteOrder,
  insertOutboxRowsSql,
  outboxEnvelope,
  outboxEvent,
  outboxRowData,
  outboxRowValues,
  startOutboxRelay,
  type OutboxEnvelope,
  type OutboxEventRow,
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxWriteOptions,
} from './outbox.js';
export { subscribeToContracts, validatedEvent, type ContractSubscription } from './subscribe.js';
export {
  ConsumerQueueMissingError,
  createDeadLetterStore,
  isDeadLetterId,
  type ConsumerDeadLetterCount,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterPage,
  type DeadLetterStore,
  type DeadLetterStoreOptions,
  type DeadLetterSummary,
  type DiscardOutcome,
  type ReplayOutcome,
} from './dead-letters.js';
