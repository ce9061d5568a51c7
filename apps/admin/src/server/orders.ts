import 'server-only';
import type { OrderSummary, OrdersSearchInput, OrdersSearchPage, OrdersSummary } from '@/lib/orders/types';
import type { Services } from './services';

/** The admin's order reads: `orders.search` and `orders.summary` through the gateway. */
export function searchOrders(api: Services, input: OrdersSearchInput): Promise<OrdersSearchPage> {
  return api.orders.search.query(input);
}

export function ordersSummary(api: Services, range: { from: string; to: string }): Promise<OrdersSummary> {
  return api.orders.summary.query(range);
}

/** Orders per export page: a few hundred rows per round trip keeps memory flat and the walk quick. */
const EXPORT_PAGE = 500;

/**
 * The orders matching the list's filters, page by page (for the CSV export: never every row at
 * once), through `orders.export`'s keyset pages: each page costs the same however deep, so
 * 100,000 orders stream in one pass. Stops after `maxPages` pages.
 */
export async function* orderPages(api: Services, input: Omit<OrdersSearchInput, 'page' | 'pageSize'>, maxPages = 10_000): AsyncGenerator<OrderSummary[]> {
  let after: string | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await api.orders.export.query({ ...input, limit: EXPORT_PAGE, ...(after ? { after } : {}) });
    if (answer.items.length > 0) yield answer.items;
    if (!answer.nextCursor) return;
    after = answer.nextCursor;
  }
}
