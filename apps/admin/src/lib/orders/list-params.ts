import { ORDER_STATUSES_LIST } from './statuses';
import { ORDER_SORTS, PAGE_SIZES, type OrderSort, type OrderStatus, type OrdersSearchInput, type PageSize } from './types';
import { centsFromDecimal, decimalFromCents, first, isoDate, queryString, type SearchParams } from '../url-state';

export const DEFAULT_PAGE_SIZE: PageSize = 20;
export const DEFAULT_SORT: OrderSort = 'created_desc';

/** The orders list's state, exactly what the URL says (normalised: unknown or malformed values are dropped). */
export type OrderListState = OrdersSearchInput & {
  sort: OrderSort;
  page: number;
  pageSize: PageSize;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseOrderListParams(params: SearchParams): OrderListState {
  const status = first(params, 'status');
  const sort = first(params, 'sort');
  const pageSize = Number(first(params, 'pageSize'));
  const page = Number(first(params, 'page'));
  const customerId = first(params, 'customerId');
  let from = isoDate(first(params, 'from'));
  let to = isoDate(first(params, 'to'));
  if (from && to && from > to) [from, to] = [to, from];
  let minTotal = centsFromDecimal(first(params, 'minTotal'));
  let maxTotal = centsFromDecimal(first(params, 'maxTotal'));
  if (minTotal !== undefined && maxTotal !== undefined && minTotal > maxTotal) [minTotal, maxTotal] = [maxTotal, minTotal];
  const state: OrderListState = {
    sort: (ORDER_SORTS as readonly string[]).includes(sort ?? '') ? (sort as OrderSort) : DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? (pageSize as PageSize) : DEFAULT_PAGE_SIZE,
  };
  // orders.search takes at most 100 characters of search text.
  const q = first(params, 'q')?.slice(0, 100);
  if (q) state.q = q;
  if (status && (ORDER_STATUSES_LIST as readonly string[]).includes(status)) state.status = status as OrderStatus;
  if (from) state.from = from;
  if (to) state.to = to;
  if (customerId && UUID.test(customerId)) state.customerId = customerId.toLowerCase();
  if (minTotal !== undefined) state.minTotal = minTotal;
  if (maxTotal !== undefined) state.maxTotal = maxTotal;
  return state;
}

/** The state as a query string (defaults left out); `overrides` for pager and sort links. */
export function orderListQuery(state: OrdersSearchInput, overrides: Partial<OrderListState> = {}): string {
  const merged = { ...state, ...overrides };
  return queryString(
    {
      q: merged.q,
      status: merged.status,
      from: merged.from,
      to: merged.to,
      customerId: merged.customerId,
      minTotal: decimalFromCents(merged.minTotal),
      maxTotal: decimalFromCents(merged.maxTotal),
      sort: merged.sort,
      pageSize: merged.pageSize,
      page: merged.page,
    },
    { sort: DEFAULT_SORT, pageSize: DEFAULT_PAGE_SIZE, page: 1 },
  );
}

/** The filters alone (what the CSV export takes): no sort-independent paging. */
export function exportQuery(state: OrdersSearchInput): string {
  return orderListQuery({ ...state, page: undefined, pageSize: undefined });
}
