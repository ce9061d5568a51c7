import { z } from 'zod';
import { defineEvent } from '@omnicart/contracts';

/** What analytics announces, each written in the same transaction as its change (repository.ts). */

export const analyticsInteractionsRecorded = defineEvent({
  type: 'analytics.interactions_recorded',
  version: 1,
  aggregate: 'batchId',
  description:
    'An ingest call stored product interactions (views, add-to-carts, recommendation clicks) of identified visitors, and the visitor → customer links of sign-ins. Do-Not-Track visitors (no visitor id) never appear.',
  schema: z.object({
    batchId: z.uuid(),
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
  }),
});

export const analyticsEvents = [analyticsInteractionsRecorded] as const;
