import { z } from 'zod';
import type { EventContract } from '@omnicart/contracts';

/**
 * Recommendations announces nothing: it learns from orders', catalog's, inventory's and
 * analytics' events (consumers/) and answers shelves. Its outbox exists as every domain's does.
 */
export const recommendationsEvents = [] as const;

/**
 * Consumed, not published: `analytics.interactions_recorded` v1 exactly as the issue-13 contract
 * states it (analytics publishes it; consumers/interactions.ts reads it). A stand-in until the
 * analytics domain lands on this branch. It lives here, not in a file of its own, because a
 * manifest (index.ts) may load only its config.ts and events.ts (the gateway loads manifests), and
 * it is written out by hand because defineEvent belongs to the producer (its aggregate, a batch
 * uuid, is the envelope's, not a payload field). The swap: delete everything below and, in
 * index.ts, import `analyticsInteractionsRecorded` from '../analytics/index.js' (same type, version
 * and payload; consumers/interactions.ts then imports its type from '../../analytics/index.js').
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
