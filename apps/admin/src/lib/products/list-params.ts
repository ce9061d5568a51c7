import { ADMIN_PAGE_SIZES, PRODUCT_STATUSES, type AdminPageSize } from '@omnicart/contracts';
import { centsFromDecimal, decimalFromCents, first, queryString, type SearchParams } from '../url-state';
import { PRODUCT_SORTS, type ProductSearchInput, type ProductSort, type ProductStatus } from './types';

export const DEFAULT_PAGE_SIZE: AdminPageSize = 20;
export const DEFAULT_SORT: ProductSort = 'updated_desc';

/** The products table's state, exactly what the URL says (unknown or malformed values are dropped). */
export interface ProductListState {
  q?: string;
  status?: ProductStatus;
  /** A category slug (the catalog takes an id or a slug; slugs make readable URLs). */
  category?: string;
  inStock?: boolean;
  /** Cents (the URL carries dollars: `minPrice=12.50`). */
  minPrice?: number;
  maxPrice?: number;
  sort: ProductSort;
  page: number;
  pageSize: AdminPageSize;
}

export function parseProductListParams(params: SearchParams): ProductListState {
  const sort = first(params, 'sort');
  const page = Number(first(params, 'page'));
  const pageSize = Number(first(params, 'pageSize'));
  const state: ProductListState = {
    sort: (PRODUCT_SORTS as readonly string[]).includes(sort ?? '') ? (sort as ProductSort) : DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    pageSize: (ADMIN_PAGE_SIZES as readonly number[]).includes(pageSize) ? (pageSize as AdminPageSize) : DEFAULT_PAGE_SIZE,
  };
  const q = first(params, 'q')?.slice(0, 200);
  if (q) state.q = q;
  const status = first(params, 'status');
  if (status && (PRODUCT_STATUSES as readonly string[]).includes(status)) state.status = status as ProductStatus;
  const category = first(params, 'category');
  if (category && /^[a-z0-9-]{1,100}$/.test(category)) state.category = category;
  const inStock = first(params, 'inStock');
  if (inStock === '1' || inStock === '0') state.inStock = inStock === '1';
  let minPrice = centsFromDecimal(first(params, 'minPrice'));
  let maxPrice = centsFromDecimal(first(params, 'maxPrice'));
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) [minPrice, maxPrice] = [maxPrice, minPrice];
  if (minPrice !== undefined) state.minPrice = minPrice;
  if (maxPrice !== undefined) state.maxPrice = maxPrice;
  return state;
}

/** What catalog.search gets for this state. */
export function searchInput(state: ProductListState): ProductSearchInput {
  const { q, status, category, inStock, minPrice, maxPrice, sort, page, pageSize } = state;
  return {
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(category ? { category } : {}),
    ...(inStock !== undefined ? { inStock } : {}),
    ...(minPrice !== undefined ? { minPrice } : {}),
    ...(maxPrice !== undefined ? { maxPrice } : {}),
    sort,
    page,
    pageSize,
  };
}

/** The state as a query string (defaults left out); `overrides` for pager links. */
export function productListQuery(state: ProductListState, overrides: Partial<ProductListState> = {}): string {
  const merged = { ...state, ...overrides };
  return queryString(
    {
      q: merged.q,
      status: merged.status,
      category: merged.category,
      inStock: merged.inStock === undefined ? undefined : merged.inStock ? '1' : '0',
      minPrice: decimalFromCents(merged.minPrice),
      maxPrice: decimalFromCents(merged.maxPrice),
      sort: merged.sort,
      pageSize: merged.pageSize,
      page: merged.page,
    },
    { sort: DEFAULT_SORT, pageSize: DEFAULT_PAGE_SIZE, page: 1 },
  );
}

export function isFiltered(state: ProductListState): boolean {
  return Boolean(state.q || state.status || state.category || state.inStock !== undefined || state.minPrice !== undefined || state.maxPrice !== undefined);
}
