import 'server-only';
import { clearFilters, toListInput, type ListingMode, type ListingParams } from '@/lib/catalog/listing-params';
import type { FacetSources } from '@/lib/catalog/facets';
import type { ProductPage } from '@/lib/catalog/types';
import { isBadRequest, isNotFound, listProducts } from './catalog-cache';

export interface ListingData {
  page: ProductPage;
  /** The parameters actually used (a stale cursor or a filter the catalog refused is dropped). */
  params: ListingParams;
  facetSources: FacetSources;
}

const FACETS_ONLY = 1;

/**
 * Everything a listing page shows, from cached catalog reads: the page of products, and facet
 * counts per group computed without that group's own filter (multi-select stays possible).
 * Input the catalog refuses never becomes a 500: a stale/foreign cursor restarts at page 1, and
 * anything else falls back to the keywords alone.
 */
export async function loadListing(requested: ListingParams, mode: ListingMode): Promise<ListingData> {
  let params = requested;
  let page: ProductPage;
  try {
    page = await listProducts(toListInput(params));
  } catch (error) {
    if (!isBadRequest(error) && !isNotFound(error)) throw error;
    const { cursor: _cursor, ...rest } = params;
    params = params.cursor ? { ...rest, prev: [] } : clearFilters(params, mode);
    try {
      page = await listProducts(toListInput(params));
    } catch (retryError) {
      if (!isBadRequest(retryError) && !isNotFound(retryError)) throw retryError;
      params = clearFilters(params, mode);
      page = await listProducts(toListInput(params));
    }
  }

  const base = { ...params, prev: [] as string[] };
  delete base.cursor;
  const facetsOf = async (variant: ListingParams): Promise<ProductPage['facets'] | undefined> => {
    try {
      return (await listProducts(toListInput(variant, FACETS_ONLY))).facets;
    } catch {
      return undefined; // counts are a nicety: the listing still renders with the current ones
    }
  };
  const { category: _category, ...withoutCategoryParams } = base;
  const { minPrice: _min, maxPrice: _max, ...withoutPriceParams } = base;
  const [withoutCategory, withoutPrice, withoutBrand, withoutColour, inStock] = await Promise.all([
    mode === 'search' && base.category ? facetsOf(withoutCategoryParams) : undefined,
    base.minPrice !== undefined || base.maxPrice !== undefined ? facetsOf(withoutPriceParams) : undefined,
    base.brand.length ? facetsOf({ ...base, brand: [] }) : undefined,
    base.colour.length ? facetsOf({ ...base, colour: [] }) : undefined,
    base.inStock ? undefined : facetsOf({ ...base, inStock: true }),
  ]);

  return {
    page,
    params,
    facetSources: {
      current: page.facets,
      ...(withoutCategory ? { withoutCategory } : {}),
      ...(withoutPrice ? { withoutPrice } : {}),
      ...(withoutBrand ? { withoutBrand } : {}),
      ...(withoutColour ? { withoutColour } : {}),
      inStockCount: base.inStock ? page.facets.total : (inStock?.total ?? null),
    },
  };
}
