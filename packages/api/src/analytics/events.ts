import { z } from 'zod';
import { defineEvent } from '@omnicart/contracts';

/** What analytics announces, each written in the same transaction as its change (repository.ts). */

export const itemCreated = defineEvent({
  type: 'analytics.item_created',
  version: 1,
  aggregate: 'itemId',
  description: 'A item was created.',
  schema: z.object({ itemId: z.uuid(), name: z.string(), createdAt: z.string() }),
});

export const analyticsEvents = [itemCreated] as const;
