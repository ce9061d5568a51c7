import { z } from 'zod';
import type { EventContract } from '@omnicart/contracts';

/**
 * `analytics.interactions_recorded` v1 exactly as the issue-13 contract states it: analytics
 * publishes it, recommendations consumes it (consumers/interactions.ts). A stand-in until the
 * analytics domain lands on this branch: contracts are declared with defineEvent only in their
 * producer's events.ts, so this is the same frozen object written out by hand. The swap: delete
 * this file and import `analyticsInteractionsRecorded` from '../analytics/index.js' in index.ts
 * and consumers/interactions.ts (same type, version and payload; nothing else changes).
 */
const schema = z.object({
  interactions: z.array(
    z.object({
      eventId: z.uuid(),
      kind: z.enum(['product_view', 'add_to_cart', 'recommendation_click']),
      productId: z.uuid(),
      visitorId: z.uuid().nullable(),
      sessionId: z.uuid().nullable(),
      customerId: z.uuid().nullable(),
      occurredAt: z.string(),
    }),
  ),
  links: z.array(z.object({ visitorId: z.uuid(), customerId: z.uuid() })),
});

export const analyticsInteractionsRecorded: EventContract<'analytics.interactions_recorded', typeof schema> = Object.freeze({
  type: 'analytics.interactions_recorded',
  version: 1,
  source: 'analytics',
  schema,
  /** The envelope's aggregateId is a batch uuid (not a payload field). */
  aggregate: 'batchId',
  description:
    'An ingest call stored product interactions (views, add to cart, recommendation clicks) of visitors with an id, and the visitor→customer links of sign-ins (DNT visitors never included).',
});
