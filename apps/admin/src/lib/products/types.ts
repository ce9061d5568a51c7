import type { CatalogRouter } from '@omnicart/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Types only, from the catalog router (@omnicart/api). */
type CatalogIn = inferRouterInputs<CatalogRouter>;
type CatalogOut = inferRouterOutputs<CatalogRouter>;

export type ProductSearchInput = Exclude<CatalogIn['search'], void | undefined>;
export type ProductSearchPage = CatalogOut['search'];
export type ProductRow = ProductSearchPage['items'][number];
export type ProductDetail = CatalogOut['byIdOrSlug'];
export type ProductStatus = ProductDetail['status'];
export type CategoryTree = CatalogOut['categories'];
export type BulkAction = CatalogIn['bulkPreview']['action'];
export type BulkPreview = CatalogOut['bulkPreview'];
export type BulkPreviewItem = BulkPreview['items'][number];

export type ProductSort = NonNullable<ProductSearchInput['sort']>;
/** The sorts catalog.search offers (the service's PRODUCT_SEARCH_SORTS; checked against the type). */
export const PRODUCT_SORT_LABELS = {
  updated_desc: 'Last changed first',
  updated_asc: 'Last changed last',
  created_desc: 'Newest first',
  created_asc: 'Oldest first',
  name_asc: 'Name, A–Z',
  name_desc: 'Name, Z–A',
  price_asc: 'Price, low to high',
  price_desc: 'Price, high to low',
} as const satisfies Record<ProductSort, string>;
export const PRODUCT_SORTS = Object.keys(PRODUCT_SORT_LABELS) as ProductSort[];

export const PRODUCT_STATUS_LABELS = { draft: 'Draft', active: 'Active', archived: 'Archived' } as const satisfies Record<ProductStatus, string>;
export const PRODUCT_STATUS_TONES = { draft: 'warning', active: 'success', archived: 'neutral' } as const satisfies Record<ProductStatus, 'warning' | 'success' | 'neutral'>;

/** The most products one bulk change takes (catalog's BULK_MAX_PRODUCTS). */
export const BULK_MAX_PRODUCTS = 500;
