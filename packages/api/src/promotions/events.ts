import { z } from 'zod';
import { defineEvent } from '@omnicart/contracts';

/** What promotions announces, each written in the same transaction as its change (repository.ts). */

export const promotionChanged = defineEvent({
  type: 'promotions.promotion_changed',
  version: 1,
  aggregate: 'promotionId',
  description:
    'Staff created or changed a promotion (deactivating one included): its name, kind, label and whether it is on, for caches of live promotions and the audit trail.',
  schema: z.object({
    promotionId: z.uuid(),
    action: z.enum(['created', 'updated', 'codes_generated']),
    name: z.string(),
    kind: z.enum(['code', 'automatic']),
    label: z.string(),
    active: z.boolean(),
    /** Who did it (the staff user's id). */
    actorId: z.string(),
  }),
});

export const promotionsEvents = [promotionChanged] as const;
