import { z } from 'zod';
import { auditContract, defineEvent } from '@omnicart/contracts';

/** What the catalog announces (admin writes; availability is inventory's news, not ours). */

const status = z.enum(['draft', 'active', 'archived']);
const price = z.object({ amount: z.number().int(), currency: z.string().length(3) });
const product = {
  productId: z.uuid(),
  sku: z.string(),
  slug: z.string(),
  name: z.string(),
  categoryId: z.uuid(),
  brand: z.string().nullable(),
};

export const productCreated = defineEvent({
  type: 'catalog.product_created',
  version: 1,
  aggregate: 'productId',
  description: 'An admin created a product (in any status).',
  schema: z.object({ ...product, price, status }),
});

export const productUpdated = defineEvent({
  type: 'catalog.product_updated',
  version: 1,
  aggregate: 'productId',
  description: 'An admin changed a product; `changed` names the fields, with the old and new price and status.',
  schema: z.object({
    ...product,
    changed: z.array(z.string()).min(1),
    price,
    previousPrice: price,
    status,
    previousStatus: status,
  }),
});

export const productArchived = defineEvent({
  type: 'catalog.product_archived',
  version: 1,
  aggregate: 'productId',
  description: 'A product was archived (no longer sold; its detail page stays).',
  schema: z.object({ productId: z.uuid(), sku: z.string(), slug: z.string(), previousStatus: status }),
});

export const catalogAudit = auditContract('catalog');

export const catalogEvents = [productCreated, productUpdated, productArchived, catalogAudit] as const;
