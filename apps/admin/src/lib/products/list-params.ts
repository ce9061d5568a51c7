import { first, queryString, type SearchParams } from '../url-state';

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];
const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface ProductListState {
  q?: string;
  category?: string;
  sort?: ProductSort;
  /** The catalog's keyset cursor of the page shown (absent: the first page). */
  cursor?: string;
  pageSize: number;
}

export function parseProductListParams(params: SearchParams): ProductListState {
  const state: ProductListState = { pageSize: 20 };
  const q = first(params, 'q')?.slice(0, 200);
  const category = first(params, 'category');
  const sort = first(params, 'sort');
  const cursor = first(params, 'cursor');
  const pageSize = Number(first(params, 'pageSize'));
  if (q) state.q = q;
  if (category && /^[a-z0-9-]{1,100}$/.test(category)) state.category = category;
  if (sort && (PRODUCT_SORTS as readonly string[]).includes(sort)) state.sort = sort as ProductSort;
  if (cursor && cursor.length <= 512) state.cursor = cursor;
  if ((PAGE_SIZES as readonly number[]).includes(pageSize)) state.pageSize = pageSize;
  return state;
}

export function productListQuery(state: ProductListState, overrides: Partial<ProductListState> = {}): string {
  const merged = { ...state, ...overrides };
  return queryString({ q: merged.q, category: merged.category, sort: merged.sort, pageSize: merged.pageSize, cursor: merged.cursor }, { pageSize: 20 });
}
