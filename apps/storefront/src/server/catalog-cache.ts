import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import { unstable_cache } from 'next/cache';
import { getEnv } from '@/env';
import { anonymousServices } from '@/server/services';
import type { CategoryNode, Product, ProductListItem, ProductPage } from '@/lib/catalog/types';
import { CATALOG_TAG, HOME_TAG, SITEMAP_TAG, listQueryKey, listTags, normaliseListQuery, productTags, type ListQuery } from './catalog-keys';

/**
 * Cached catalog reads for server components. Next's data cache (unstable_cache: still the
 * supported API without cacheComponents in Next 16) keeps each answer for
 * CATALOG_REVALIDATE_SECONDS; catalog-changes.ts expires the tags of changed products sooner.
 * Only anonymous reads are cached (nothing user-specific ever enters this cache). Errors are
 * never cached: a failed read throws and the next request tries again.
 */

const revalidate = (): number => getEnv().CATALOG_REVALIDATE_SECONDS;

/** A service answered 404 (unknown id/slug). */
export function isNotFound(error: unknown): boolean {
  return serviceStatus(error) === 404;
}

/** A service refused the input (400), e.g. a stale or foreign cursor. */
export function isBadRequest(error: unknown): boolean {
  return serviceStatus(error) === 400;
}

/** The category tree with active product counts. */
export function getCategories(): Promise<CategoryNode[]> {
  return unstable_cache(() => anonymousServices.catalog.categories.query(), ['catalog:categories'], {
    tags: [CATALOG_TAG],
    revalidate: revalidate(),
  })();
}

/** One listing page; the key is the canonical form of the query (order of values does not matter). */
export function listProducts(query: ListQuery): Promise<ProductPage> {
  const input = normaliseListQuery(query);
  return unstable_cache((key: string) => anonymousServices.catalog.list.query(JSON.parse(key) as ListQuery), ['catalog:list'], {
    tags: listTags(input),
    revalidate: revalidate(),
  })(listQueryKey(input));
}

/** What a catalog slug can look like; anything else is answered 404 without a read or a cache entry. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A product by slug, or null when the catalog does not know it. Archived products come back with
 * status "archived" (pages decide what to show); drafts are invisible to anonymous reads.
 */
export async function getProduct(slug: string): Promise<Product | null> {
  // Made-up URLs must not fill the data cache with one entry each.
  if (slug.length > 200 || !SLUG.test(slug)) return null;
  const read = unstable_cache(
    async (key: string) => {
      try {
        return await anonymousServices.catalog.byIdOrSlug.query({ idOrSlug: key });
      } catch (error) {
        // "Not found" is an answer (cached like any other until the product appears, which
        // expires product:<slug>), and so is a slug the catalog refuses outright (400: blank,
        // longer than 200 characters): both are a 404 page, never a 500. Every other failure
        // is thrown and not cached.
        if (isNotFound(error) || isBadRequest(error)) return null;
        throw error;
      }
    },
    ['catalog:product'],
    { tags: productTags(slug), revalidate: revalidate() },
  );
  return read(slug);
}

/** Best-selling active products, most units first (orders.bestSellers → catalog.byIds). */
export function getBestSellers(limit = 8): Promise<ProductListItem[]> {
  return unstable_cache(
    async (count: number) => {
      const { items } = await anonymousServices.orders.bestSellers.query({ limit: count });
      if (!items.length) return [];
      const products = await anonymousServices.catalog.byIds.query({ ids: items.map((item) => item.productId) });
      return products.items;
    },
    ['catalog:best-sellers'],
    { tags: [CATALOG_TAG, HOME_TAG], revalidate: revalidate() },
  )(limit);
}

/**
 * Active products by id, in the order asked (unknown, draft and archived ids are absent): the
 * product cards of recommendation shelves. Keyed by the id list (a shelf's list is stable between
 * model updates), tagged `catalog` so any product change expires it.
 */
export function getProductsByIds(ids: readonly string[]): Promise<ProductListItem[]> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))].slice(0, 50);
  if (!wanted.length) return Promise.resolve([]);
  return unstable_cache(async (key: string) => (await anonymousServices.catalog.byIds.query({ ids: key.split(',') })).items, ['catalog:by-ids'], {
    tags: [CATALOG_TAG],
    revalidate: revalidate(),
  })(wanted.join(','));
}

/** The newest active products. */
export function getNewArrivals(limit = 8): Promise<ProductListItem[]> {
  return unstable_cache(
    async (count: number) => (await anonymousServices.catalog.list.query({ sort: 'newest', limit: count })).items,
    ['catalog:new-arrivals'],
    { tags: [CATALOG_TAG, HOME_TAG], revalidate: revalidate() },
  )(limit);
}

/** Sitemap entries change rarely and are costly to list (every active product): kept for an hour. */
const SITEMAP_REVALIDATE_SECONDS = 3600;
const SITEMAP_PAGE = 100;
const SITEMAP_MAX_PRODUCTS = 49_000;

export interface SitemapProduct {
  slug: string;
  updatedAt: string;
}

/** Every active product's slug and last change, paged through the catalog (cached hourly). */
export function getSitemapProducts(): Promise<SitemapProduct[]> {
  return unstable_cache(
    async () => {
      const products: SitemapProduct[] = [];
      let cursor: string | undefined;
      do {
        const page = await anonymousServices.catalog.list.query({ sort: 'name', limit: SITEMAP_PAGE, ...(cursor ? { cursor } : {}) });
        for (const product of page.items) products.push({ slug: product.slug, updatedAt: product.updatedAt });
        cursor = page.nextCursor ?? undefined;
      } while (cursor && products.length < SITEMAP_MAX_PRODUCTS);
      return products;
    },
    ['catalog:sitemap'],
    { tags: [SITEMAP_TAG], revalidate: SITEMAP_REVALIDATE_SECONDS },
  )();
}
