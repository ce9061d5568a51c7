import 'server-only';
import { cache } from 'react';
import { getServerApi } from '@/server/caller';

/** The cart /checkout shows, read once per request by both its layout (redirect) and its page. */
export const loadCheckoutCart = cache(async () => (await getServerApi()).cart.get());

/** Nothing to buy, or lines that cannot be ordered as they are (checkout orders every line). */
export function cartBlocksCheckout(cart: { itemCount: number; items: ReadonlyArray<{ issue: string | null }> }): boolean {
  return cart.itemCount === 0 || cart.items.some((line) => line.issue !== null);
}
