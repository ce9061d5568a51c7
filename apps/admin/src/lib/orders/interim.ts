/**
 * INTERIM, until `orders.search` and `orders.summary` land on main (branch orders-admin): the same
 * answers worked out here from orders the existing `orders.list` returned. Exact for the orders it
 * is given (server/orders.ts walks at most INTERIM_MAX_ORDERS of them); delete this file when the
 * endpoints are there.
 */
import { addDays, previousRange, today } from '../dates';
import type { OrderSummary, OrdersSearchInput, OrdersSearchPage, OrdersSummary, Totals } from './types';

/** Statuses whose money was taken (what revenue counts); refunds are subtracted. */
const COUNTED = new Set(['paid', 'fulfilled', 'delivered', 'partially_refunded', 'refunded']);

function matches(order: OrderSummary, input: OrdersSearchInput): boolean {
  if (input.status && order.status !== input.status) return false;
  if (input.customerId && order.customerId !== input.customerId) return false;
  const day = order.createdAt.slice(0, 10);
  if (input.from && day < input.from) return false;
  if (input.to && day > input.to) return false;
  if (input.minTotal !== undefined && order.total < input.minTotal) return false;
  if (input.maxTotal !== undefined && order.total > input.maxTotal) return false;
  if (input.q) {
    const q = input.q.toLowerCase();
    const haystack = [order.number, order.id, order.guestEmail ?? '', order.shippingAddress.name, order.customerId ?? ''].join(' ').toLowerCase();
    if (!haystack.includes(q)) return false;
  }
  return true;
}

export function searchOrdersIn(all: readonly OrderSummary[], input: OrdersSearchInput): OrdersSearchPage {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 20;
  const sort = input.sort ?? 'created_desc';
  const found = all.filter((order) => matches(order, input));
  found.sort((a, b) => {
    const byCreated = a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
    if (sort === 'created_asc') return byCreated;
    if (sort === 'created_desc') return -byCreated;
    const byTotal = a.total - b.total || byCreated;
    return sort === 'total_asc' ? byTotal : -byTotal;
  });
  return { items: found.slice((page - 1) * pageSize, page * pageSize), total: found.length, page, pageSize };
}

function totalsOf(orders: readonly OrderSummary[]): Totals {
  const counted = orders.filter((order) => COUNTED.has(order.status));
  const revenue = counted.reduce((sum, order) => sum + order.total - order.amountRefunded, 0);
  return { revenue, orders: counted.length, averageOrderValue: counted.length ? Math.round(revenue / counted.length) : 0 };
}

export function summarizeOrdersIn(all: readonly OrderSummary[], range: { from: string; to: string }, now: Date = new Date()): OrdersSummary {
  const previous = previousRange(range);
  const within = (from: string, to: string) => all.filter((order) => order.createdAt.slice(0, 10) >= from && order.createdAt.slice(0, 10) <= to);
  const current = within(range.from, range.to);
  const byDay: OrdersSummary['byDay'] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1)) {
    const totals = totalsOf(current.filter((order) => order.createdAt.startsWith(date)));
    byDay.push({ date, revenue: totals.revenue, orders: totals.orders });
  }
  const day = today(now);
  return {
    timeZone: 'UTC',
    currency: 'USD',
    range,
    previousRange: previous,
    today: totalsOf(within(day, day)),
    current: totalsOf(current),
    previous: totalsOf(within(previous.from, previous.to)),
    byDay,
    latestOrders: [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 10),
  };
}
