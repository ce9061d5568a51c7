import { z } from 'zod';
import { auditContract, defineEvent } from '@omnicart/contracts';

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

/** The audit trail of staff writes: promotions created and changed, codes generated (the audit domain's read model consumes it). */
export const promotionsAudit = auditContract('promotions');

export const promotionsEvents = [promotionChanged, promotionsAudit] as const;
