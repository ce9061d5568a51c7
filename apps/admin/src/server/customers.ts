import 'server-only';
import type { OrderSummary } from '@/lib/orders/types';
import type { User } from '@/lib/users/types';
import type { UserListState } from '@/lib/users/list-params';
import { userListInput } from '@/lib/users/list-params';
import type { Services } from './services';

/** The customers matching the list's filters, one page of 100 at a time (the CSV export). */
export async function* customerPages(api: Services, state: Omit<UserListState, 'page' | 'pageSize'>, maxPages = 10_000): AsyncGenerator<User[]> {
  for (let page = 1; page <= maxPages; page++) {
    const answer = await api.identity.list.query(userListInput({ ...state, page, pageSize: 100 }));
    if (answer.items.length > 0) yield answer.items;
    if (page * answer.pageSize >= answer.total || answer.items.length === 0) return;
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
