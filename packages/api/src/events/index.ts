// Events: transactional outboxes, the relay that publishes them, and the bus (RabbitMQ, or
// durable queues in PostgreSQL when RABBITMQ_URL is not set). See README.md.
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
export { newOutboxEvent, startOutboxRelay, type OutboxEventRow, type OutboxRelay, type OutboxRelayOptions } from './outbox.js';
