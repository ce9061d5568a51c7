import { isStorableText } from '@omnicart/contracts';

/**
 * The listing URL contract of /search and /categories/{slug}: parsing (anything invalid is
 * dropped, never an error), canonical URLs (stable parameter order, sorted multi-values) and the
 * links facets, sort and pagination render. Pure: used by server components and tests alike.
 *
 * Parameters: q, category, brand (repeatable), colour (repeatable), minPrice, maxPrice (cents),
 * inStock=1, sort, cursor (the catalog's keyset cursor of the current page) and prev (repeatable:
 * the cursors of the pages before the current one, oldest first, so "Previous page" is a plain,
 * shareable link; page 1 has no cursor).
 */

export const LISTING_SORTS = ['relevance', 'newest', 'price_asc', 'price_desc', 'name'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

export const SORT_LABELS: Record<ListingSort, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
  name: 'Name: A to Z',
};

/** Products per listing page. */
export const PAGE_SIZE = 24;
/** The same bounds the catalog enforces; anything beyond is ignored rather than sent. */
export const MAX_PRICE_CENTS = 100_000_000;
const MAX_VALUES = 20;
const MAX_VALUE_LENGTH = 100;
const MAX_QUERY_LENGTH = 200;
const MAX_PREV = 50;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
const CENTS = /^\d{1,9}$/;

export interface ListingParams {
  q?: string;
  category?: string;
  brand: string[];
  colour: string[];
  minPrice?: number;
  maxPrice?: number;
  inStock: boolean;
  /** Only an explicit choice; see effectiveSort() for the one in force. */
  sort?: ListingSort;
  cursor?: string;
  /** Cursors of the earlier pages (oldest first); only meaningful with a cursor. */
  prev: string[];
}

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** Where a listing lives: /search (category is a query parameter) or /categories/{slug}. */
export type ListingMode = 'search' | 'category';

const EMPTY: ListingParams = { brand: [], colour: [], inStock: false, prev: [] };

function all(raw: RawSearchParams, key: string): string[] {
  const value = raw[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function first(raw: RawSearchParams, key: string): string | undefined {
  return all(raw, key)[0];
}

function cleanValues(values: string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed && trimmed.length <= MAX_VALUE_LENGTH && isStorableText(trimmed)) seen.add(trimmed);
    if (seen.size >= MAX_VALUES) break;
  }
  return [...seen].sort((a, b) => a.localeCompare(b, 'en'));
}

function cents(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!CENTS.test(trimmed)) return undefined;
  const amount = Number(trimmed);
  return amount <= MAX_PRICE_CENTS ? amount : undefined;
}

/** Reads searchParams as Next passes them; invalid values are ignored, never an error. */
export function parseListingParams(raw: RawSearchParams): ListingParams {
  const params: ListingParams = { ...EMPTY, brand: [], colour: [], prev: [] };

  const q = first(raw, 'q')?.trim().replace(/\s+/g, ' ');
  // Keywords the catalog refuses (a NUL, half an emoji) are dropped like any other invalid value.
  if (q && isStorableText(q)) params.q = q.slice(0, MAX_QUERY_LENGTH);

  const category = first(raw, 'category')?.trim().toLowerCase();
  if (category && category.length <= 100 && SLUG.test(category)) params.category = category;

  params.brand = cleanValues(all(raw, 'brand'));
  params.colour = cleanValues(all(raw, 'colour'));

  const minPrice = cents(first(raw, 'minPrice'));
  const maxPrice = cents(first(raw, 'maxPrice'));
  // A reversed range matches nothing by definition: drop it rather than show an empty page.
  if (!(minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)) {
    if (minPrice !== undefined) params.minPrice = minPrice;
    if (maxPrice !== undefined) params.maxPrice = maxPrice;
  }

  const inStock = first(raw, 'inStock')?.trim().toLowerCase();
  params.inStock = inStock === '1' || inStock === 'true';

  const sort = first(raw, 'sort')?.trim();
  if (sort && (LISTING_SORTS as readonly string[]).includes(sort)) {
    const chosen = sort as ListingSort;
    // "Best match" needs keywords; without them it is ignored (the catalog would sort by newest).
    if (chosen !== 'relevance' || params.q) params.sort = chosen;
  }

  const cursor = first(raw, 'cursor')?.trim();
  if (cursor && CURSOR.test(cursor)) {
    params.cursor = cursor;
    params.prev = all(raw, 'prev')
      .map((value) => value.trim())
      .filter((value) => CURSOR.test(value))
      .slice(-MAX_PREV);
  }
  return params;
}

/** The sort in force: the explicit choice, else relevance with keywords and newest without. */
export function effectiveSort(params: Pick<ListingParams, 'q' | 'sort'>): ListingSort {
  return params.sort ?? (params.q ? 'relevance' : 'newest');
}

/** Sorts offered in the select: "Best match" only when there are keywords. */
export function sortOptions(params: Pick<ListingParams, 'q'>): ListingSort[] {
  return LISTING_SORTS.filter((sort) => sort !== 'relevance' || Boolean(params.q));
}

/** 1 on the first page, then one more per cursor in the trail. */
export function pageNumber(params: ListingParams): number {
  return params.cursor ? params.prev.length + 2 : 1;
}

/** Canonical query string: fixed parameter order, no empty values. */
export function toSearchParams(params: ListingParams, mode: ListingMode = 'search'): URLSearchParams {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.category && mode === 'search') search.set('category', params.category);
  for (const brand of params.brand) search.append('brand', brand);
  for (const colour of params.colour) search.append('colour', colour);
  if (params.minPrice !== undefined) search.set('minPrice', String(params.minPrice));
  if (params.maxPrice !== undefined) search.set('maxPrice', String(params.maxPrice));
  if (params.inStock) search.set('inStock', '1');
  if (params.sort) search.set('sort', params.sort);
  if (params.cursor) {
    search.set('cursor', params.cursor);
    for (const cursor of params.prev) search.append('prev', cursor);
  }
  return search;
}

/**
 * The URL of a listing state. In category mode the category is the path (/categories/{slug});
 * without a category a category listing becomes the all-products listing (/search).
 */
export function listingHref(params: ListingParams, mode: ListingMode = 'search'): string {
  const pathname = mode === 'category' && params.category ? `/categories/${params.category}` : '/search';
  const query = toSearchParams(params, pathname === '/search' ? 'search' : 'category').toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** Any change of filters or sort starts again at page 1. */
function firstPage(params: ListingParams): ListingParams {
  const { cursor: _cursor, ...rest } = params;
  return { ...rest, prev: [] };
}

export type MultiFacet = 'brand' | 'colour';

export function isSelected(params: ListingParams, facet: MultiFacet, value: string): boolean {
  return params[facet].includes(value);
}

/** Adds the value when absent, removes it when present. */
export function toggleValue(params: ListingParams, facet: MultiFacet, value: string): ListingParams {
  const current = params[facet];
  const next = current.includes(value) ? current.filter((v) => v !== value) : cleanValues([...current, value]);
  return { ...firstPage(params), [facet]: next };
}

export function withCategory(params: ListingParams, category: string | undefined): ListingParams {
  const { category: _category, ...rest } = firstPage(params);
  return category ? { ...rest, category } : rest;
}

/** A catalog price band: min inclusive, max exclusive (null = no upper bound), in cents. */
export interface PriceBand {
  min: number;
  max: number | null;
}

/** The list filter is inclusive on both ends, so a band [min, max) is minPrice=min, maxPrice=max-1. */
export function bandRange(band: PriceBand): { minPrice?: number; maxPrice?: number } {
  return {
    ...(band.min > 0 ? { minPrice: band.min } : {}),
    ...(band.max !== null ? { maxPrice: Math.max(band.min, band.max - 1) } : {}),
  };
}

export function isBandSelected(params: ListingParams, band: PriceBand): boolean {
  if (params.minPrice === undefined && params.maxPrice === undefined) return false;
  const range = bandRange(band);
  return params.minPrice === range.minPrice && params.maxPrice === range.maxPrice;
}

export function withPrice(params: ListingParams, band: PriceBand | null): ListingParams {
  const { minPrice: _min, maxPrice: _max, ...rest } = firstPage(params);
  return band ? { ...rest, ...bandRange(band) } : rest;
}

export function withInStock(params: ListingParams, inStock: boolean): ListingParams {
  return { ...firstPage(params), inStock };
}

export function withSort(params: ListingParams, sort: ListingSort | undefined): ListingParams {
  const { sort: _sort, ...rest } = firstPage(params);
  return sort ? { ...rest, sort } : rest;
}

/** "Clear all": keeps the keywords (and the category in category mode), drops every filter. */
export function clearFilters(params: ListingParams, mode: ListingMode = 'search'): ListingParams {
  return {
    ...EMPTY,
    brand: [],
    colour: [],
    prev: [],
    ...(params.q ? { q: params.q } : {}),
    ...(mode === 'category' && params.category ? { category: params.category } : {}),
    ...(params.sort ? { sort: params.sort } : {}),
  };
}

/** Whether any filter (beyond keywords and, in category mode, the page's own category) is set. */
export function hasFilters(params: ListingParams, mode: ListingMode = 'search'): boolean {
  return (
    (mode === 'search' && params.category !== undefined) ||
    params.brand.length > 0 ||
    params.colour.length > 0 ||
    params.minPrice !== undefined ||
    params.maxPrice !== undefined ||
    params.inStock
  );
}

export function nextPage(params: ListingParams, nextCursor: string): ListingParams {
  const prev = params.cursor ? [...params.prev, params.cursor].slice(-MAX_PREV) : [];
  return { ...params, cursor: nextCursor, prev };
}

/** The previous page, or null on page 1. */
export function previousPage(params: ListingParams): ListingParams | null {
  if (!params.cursor) return null;
  const prev = params.prev.slice(0, -1);
  const cursor = params.prev.at(-1);
  const { cursor: _cursor, ...rest } = params;
  return cursor ? { ...rest, cursor, prev } : { ...rest, prev: [] };
}

/** The catalog.list input of a listing page (plain values only: it is also the cache key). */
export function toListInput(params: ListingParams, limit: number = PAGE_SIZE) {
  return {
    ...(params.q ? { q: params.q } : {}),
    ...(params.category ? { category: params.category } : {}),
    ...(params.brand.length ? { brand: params.brand } : {}),
    ...(params.colour.length ? { colour: params.colour } : {}),
    ...(params.minPrice !== undefined ? { minPrice: params.minPrice } : {}),
    ...(params.maxPrice !== undefined ? { maxPrice: params.maxPrice } : {}),
    ...(params.inStock ? { inStock: true } : {}),
    sort: effectiveSort(params),
    limit,
    ...(params.cursor ? { cursor: params.cursor } : {}),
  };
}

/** "1 product", "123 products". */
export function productCountLabel(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'product' : 'products'}`;
}
