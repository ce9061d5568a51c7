import { z } from 'zod';
import { defineEvent } from '@omnicart/contracts';

/** What the cart announces: each change of a cart's contents or state, with what it now holds. */
export const cartUpdated = defineEvent({
  type: 'cart.cart_updated',
  version: 1,
  aggregate: 'cartId',
  description:
    'A cart changed: lines added, changed or removed, merged into a customer’s cart, or closed by an order. Carries the whole cart after the change; `subtotal` is what its buyable lines cost (null when the change did not price it).',
  schema: z.object({
    /** The cart's internal id (never its public id, which unlocks a guest cart). */
    cartId: z.uuid(),
    /** The customer, or null for a guest cart. */
    customerId: z.uuid().nullable(),
    status: z.enum(['open', 'checked_out', 'merged']),
    lines: z.array(z.object({ productId: z.uuid(), quantity: z.number().int() })).max(100),
    lineCount: z.number().int(),
    itemCount: z.number().int(),
    subtotal: z.number().int().nullable(),
    currency: z.string().length(3),
    /** The order that closed it (status checked_out). */
    orderId: z.uuid().nullable(),
  }),
});

export const cartEvents = [cartUpdated] as const;
