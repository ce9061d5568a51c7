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

/**
 * The orders matching `input`, one page of 100 at a time (for the CSV export: never every row at
 * once). Stops after `maxPages` pages.
 */
export async function* orderPages(api: Services, input: OrdersSearchInput, maxPages = 10_000): AsyncGenerator<OrderSummary[]> {
  for (let page = 1; page <= maxPages; page++) {
    const answer = await searchOrders(api, { ...input, page, pageSize: 100 });
    if (answer.items.length > 0) yield answer.items;
    if (page * answer.pageSize >= answer.total || answer.items.length === 0) return;
  }
}
