import { createPostgresEventBus } from './pg-bus.js';
import { createRabbitMqEventBus } from './rabbitmq-bus.js';
import type { CreateEventBusOptions, EventBus } from './types.js';

/** RabbitMQ when RABBITMQ_URL is set, otherwise the PostgreSQL bus (schema `events`). */
export async function createEventBus(options: CreateEventBusOptions): Promise<EventBus> {
  const url = options.rabbitmqUrl;
  if (url) return createRabbitMqEventBus({ ...options, url });
  return createPostgresEventBus(options);
}
