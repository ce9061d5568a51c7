import 'server-only';
import type { OrderSummary } from '@/lib/orders/types';
import type { User } from '@/lib/users/types';
import type { UserListState } from '@/lib/users/list-params';
import { userListInput } from '@/lib/users/list-params';
import type { Services } from './services';

/** Customers per export page: a few hundred rows per round trip keeps memory flat and the walk quick. */
const EXPORT_PAGE = 500;

/**
 * The customers matching the list's filters, page by page (for the CSV export: never every row at
 * once), through `identity.exportUsers`'s keyset pages: each page costs the same however deep, so
 * 100,000 customers stream in one pass. Stops after `maxPages` pages.
 */
export async function* customerPages(api: Services, state: Omit<UserListState, 'page' | 'pageSize'>, maxPages = 10_000): AsyncGenerator<User[]> {
  const { page: _page, pageSize: _pageSize, ...filters } = userListInput({ ...state, page: 1, pageSize: 10 });
  let after: string | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await api.identity.exportUsers.query({ ...filters, limit: EXPORT_PAGE, ...(after ? { after } : {}) });
    if (answer.items.length > 0) yield answer.items;
    if (!answer.nextCursor) return;
    after = answer.nextCursor;
  }
}

/** At most this many of a customer's orders are read for the customer page's figures. */
export const CUSTOMER_ORDERS_READ = 2_000;

/** A customer's orders, newest first (all of them up to CUSTOMER_ORDERS_READ), and whether that was all. */
export async function customerOrders(api: Services, customerId: string): Promise<{ orders: OrderSummary[]; total: number }> {
  const orders: OrderSummary[] = [];
  let total = 0;
  for (let page = 1; orders.length < CUSTOMER_ORDERS_READ; page++) {
    const answer = await api.orders.search.query({ customerId, sort: 'created_desc', page, pageSize: 100 });
    total = answer.total;
    orders.push(...answer.items);
    if (page * answer.pageSize >= answer.total || answer.items.length === 0) break;
  }
  return { orders, total };
}
