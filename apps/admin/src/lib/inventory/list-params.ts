import { ADMIN_PAGE_SIZES, type AdminPageSize } from '@omnicart/contracts';
import { first, queryString, type SearchParams } from '../url-state';
import { STOCK_SORTS, type StockSort } from './types';

export const DEFAULT_STOCK_SORT: StockSort = 'sku_asc';
const DEFAULT_PAGE_SIZE: AdminPageSize = 20;

/** The stock table's state, exactly what the URL says (unknown or malformed values dropped). */
export interface StockListState {
  /** SKU prefix. */
  q?: string;
  lowStock?: true;
  sort: StockSort;
  page: number;
  pageSize: AdminPageSize;
}

/** What inventory accepts as a SKU prefix. */
const SKU_PREFIX = /^[A-Za-z0-9._-]{1,64}$/;

export function parseStockListParams(params: SearchParams): StockListState {
  const sort = first(params, 'sort');
  const page = Number(first(params, 'page'));
  const pageSize = Number(first(params, 'pageSize'));
  const q = first(params, 'q');
  const state: StockListState = {
    sort: (STOCK_SORTS as readonly string[]).includes(sort ?? '') ? (sort as StockSort) : DEFAULT_STOCK_SORT,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    pageSize: (ADMIN_PAGE_SIZES as readonly number[]).includes(pageSize) ? (pageSize as AdminPageSize) : DEFAULT_PAGE_SIZE,
  };
  if (q && SKU_PREFIX.test(q)) state.q = q;
  if (first(params, 'lowStock') === '1') state.lowStock = true;
  return state;
}

export function stockListQuery(state: StockListState, overrides: Partial<StockListState> = {}): string {
  const merged = { ...state, ...overrides };
  return queryString(
    { q: merged.q, lowStock: merged.lowStock ? 1 : undefined, sort: merged.sort, pageSize: merged.pageSize, page: merged.page },
    { sort: DEFAULT_STOCK_SORT, pageSize: DEFAULT_PAGE_SIZE, page: 1 },
  );
}

/** A SKU as the URL path carries it, when inventory would accept it. */
export function skuFromPath(value: string): string | undefined {
  let sku: string;
  try {
    sku = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(sku) ? sku : undefined;
}

/** A movements cursor from the URL (inventory's nextCursor: digits). */
export function movementCursor(params: SearchParams): string | undefined {
  const cursor = first(params, 'cursor');
  return cursor && /^[0-9]{1,19}$/.test(cursor) ? cursor : undefined;
}
