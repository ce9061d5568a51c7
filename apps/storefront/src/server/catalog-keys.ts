/**
 * Cache keys and tags of the cached catalog reads (catalog-cache.ts) and of their revalidation
 * (catalog-changes.ts). Pure, so the rules are unit-tested: what a product change invalidates is
 * decided here and nowhere else.
 */

/** Every cached catalog read carries it: any product change makes listings and counts stale. */
export const CATALOG_TAG = 'catalog';
/** Home page blocks (new arrivals, best sellers). */
export const HOME_TAG = 'home';
/** The sitemap's product list: refreshed hourly, not on every product change. */
export const SITEMAP_TAG = 'sitemap';

export const productTag = (slug: string): string => `product:${slug}`;
export const categoryTag = (slug: string): string => `category:${slug}`;

/** A listing query in canonical form: the same products for the same key, whatever the order. */
export interface ListQuery {
  q?: string;
  category?: string;
  brand?: string[];
  colour?: string[];
  size?: string[];
  material?: string[];
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort?: 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'name';
  limit?: number;
  cursor?: string;
}

const MULTI = ['brand', 'colour', 'size', 'material'] as const;

/**
 * Canonical form of a list query: trimmed keywords (collapsed spaces, empty dropped), sorted and
 * de-duplicated multi-values, no undefined/empty fields, fixed key order. Two queries that ask for
 * the same page produce the same object (and the same JSON).
 */
export function normaliseListQuery(input: ListQuery): ListQuery {
  const out: ListQuery = {};
  const q = input.q?.trim().replace(/\s+/g, ' ');
  if (q) out.q = q;
  const category = input.category?.trim();
  if (category) out.category = category;
  for (const key of MULTI) {
    const values = input[key];
    if (!values?.length) continue;
    const unique = [...new Set(values.map((value) => value.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'en'));
    if (unique.length) out[key] = unique;
  }
  if (input.minPrice !== undefined) out.minPrice = input.minPrice;
  if (input.maxPrice !== undefined) out.maxPrice = input.maxPrice;
  if (input.inStock !== undefined) out.inStock = input.inStock;
  out.sort = input.sort ?? (out.q ? 'relevance' : 'newest');
  out.limit = input.limit ?? 20;
  if (input.cursor) out.cursor = input.cursor;
  return out;
}

/** The cache key part of a list query (JSON of its canonical form). */
export function listQueryKey(input: ListQuery): string {
  return JSON.stringify(normaliseListQuery(input));
}

export function listTags(input: ListQuery): string[] {
  const category = input.category?.trim();
  return category ? [CATALOG_TAG, categoryTag(category)] : [CATALOG_TAG];
}

export function productTags(slug: string): string[] {
  return [CATALOG_TAG, productTag(slug)];
}

/** One entry of catalog.changesSince. */
export interface CatalogChange {
  id: string;
  slug: string;
  previousSlug?: string | null;
  updatedAt?: string;
}

/**
 * The tags a batch of product changes makes stale: each product's page under its current and
 * its previous slug (a renamed product's old URL must stop serving the old data), every listing
 * (`catalog`) and the home page blocks (`home`). Empty for no changes; no duplicates.
 */
export function tagsForChanges(changes: readonly CatalogChange[]): string[] {
  if (!changes.length) return [];
  const tags = new Set<string>();
  for (const change of changes) {
    if (change.slug) tags.add(productTag(change.slug));
    if (change.previousSlug && change.previousSlug !== change.slug) tags.add(productTag(change.previousSlug));
  }
  tags.add(CATALOG_TAG);
  tags.add(HOME_TAG);
  return [...tags];
}
