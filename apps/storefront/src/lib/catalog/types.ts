import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { CatalogRouter } from '@omnicart/api';

/** Catalog shapes as the gateway answers them (types only: no @omnicart/api code reaches the app). */
type CatalogOutputs = inferRouterOutputs<CatalogRouter>;
type CatalogInputs = inferRouterInputs<CatalogRouter>;

/** The product detail (with its description). */
export type Product = CatalogOutputs['byIdOrSlug'];
export type ProductPage = CatalogOutputs['list'];
/** A product in a grid (list, search, byIds): the detail without its description. */
export type ProductListItem = ProductPage['items'][number];
export type Facets = ProductPage['facets'];
export type CategoryNode = CatalogOutputs['categories'][number];
export type CatalogListInput = NonNullable<CatalogInputs['list']>;
export type ProductSort = NonNullable<CatalogListInput['sort']>;
