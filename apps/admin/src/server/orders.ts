import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import { searchOrdersIn, summarizeOrdersIn } from '@/lib/orders/interim';
import type { OrderSummary, OrdersSearchInput, OrdersSearchPage, OrdersSummary } from '@/lib/orders/types';
import type { Services } from './services';

/**
 * The admin's order reads. `orders.search` and `orders.summary` are being added to the orders
 * service (branch orders-admin). Until a service answers them, they 404 and the same answers are
 * worked out from `orders.list` (lib/orders/interim.ts) over at most INTERIM_MAX_ORDERS orders,
 * and the pages say so. When the endpoints are on main: call them directly and delete the fallback.
 */
export const INTERIM_MAX_ORDERS = 5000;
const FALLBACK_REMEMBERED_MS = 60_000;

interface PendingOrderProcedures {
  search: { query(input: OrdersSearchInput): Promise<OrdersSearchPage> };
  summary: { query(input: { from: string; to: string }): Promise<OrdersSummary> };
}
const pending = (api: Services) => api.orders as unknown as PendingOrderProcedures;

/** When the service last said it has no such procedure (so each request does not ask again). */
const missingSince = new Map<'search' | 'summary', number>();

async function withFallback<T extends object>(name: 'search' | 'summary', call: () => Promise<T>, fallback: () => Promise<T>): Promise<T & { interim?: true }> {
  const missing = missingSince.get(name);
  if (missing && Date.now() - missing < FALLBACK_REMEMBERED_MS) return { ...(await fallback()), interim: true };
  try {
    return (await call()) as T & { interim?: true };
  } catch (error) {
    if (serviceStatus(error) !== 404) throw error;
    missingSince.set(name, Date.now());
    return { ...(await fallback()), interim: true };
  }
}

/** Every order matching the list's own filters, newest first, at most INTERIM_MAX_ORDERS. */
async function listOrders(api: Services, filters: Pick<OrdersSearchInput, 'status' | 'from' | 'to' | 'customerId'>): Promise<OrderSummary[]> {
  const found: OrderSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.orders.list.query({ limit: 100, ...(cursor ? { cursor } : {}), ...filters });
    found.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && found.length < INTERIM_MAX_ORDERS);
  return found;
}

export type SearchAnswer = OrdersSearchPage & { interim?: true };

export function searchOrders(api: Services, input: OrdersSearchInput): Promise<SearchAnswer> {
  return withFallback(
    'search',
    () => pending(api).search.query(input),
    async () => {
      const { status, from, to, customerId } = input;
      const all = await listOrders(api, { ...(status ? { status } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...(customerId ? { customerId } : {}) });
      return searchOrdersIn(all, input);
    },
  );
}

export function ordersSummary(api: Services, range: { from: string; to: string }): Promise<OrdersSummary & { interim?: true }> {
  return withFallback(
    'summary',
    () => pending(api).summary.query(range),
    async () => summarizeOrdersIn(await listOrders(api, {}), range),
  );
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
