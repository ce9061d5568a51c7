import { z } from 'zod';
import { auditContract, defineEvent } from '@omnicart/contracts';

/**
 * What inventory announces. Written by the stock functions in SQL (migration `stock_functions`,
 * redefined by `low_stock`) in the same statement as the change; these contracts are what that SQL
 * must produce (inventory.integration.test.ts checks the rows against them).
 */

export const stockChanged = defineEvent({
  type: 'inventory.stock_changed',
  version: 1,
  aggregate: 'sku',
  description: 'A SKU’s available units changed (a reservation, release, expiry, restock or adjustment); `version` grows per SKU.',
  schema: z.object({
    sku: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    version: z.number().int(),
  }),
});

export const lowStock = defineEvent({
  type: 'inventory.low_stock',
  version: 1,
  aggregate: 'sku',
  description: 'A SKU’s available units fell to or below its low-stock threshold (default 5); once per crossing.',
  schema: z.object({
    sku: z.string(),
    available: z.number().int(),
    threshold: z.number().int(),
    version: z.number().int(),
  }),
});

/** The audit trail of staff and integration writes (the audit domain's read model consumes it). */
export const inventoryAudit = auditContract('inventory');

export const inventoryEvents = [stockChanged, lowStock, inventoryAudit] as const;
export type StockChanged = z.output<typeof stockChanged.schema>;
