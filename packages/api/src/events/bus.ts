import type { CreateEventBusOptions, EventBus } from './types.js';

// PLACEHOLDER until the events helper lands the real buses.
export async function createEventBus(_options: CreateEventBusOptions): Promise<EventBus> {
  return {
    kind: 'postgres',
    async publish() {},
    async subscribe() {
      return { async stop() {} };
    },
    async close() {},
  };
}
