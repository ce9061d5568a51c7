import type { MetadataRoute } from 'next';
import { getEnv } from '@/env';
import { getCategories, listProducts } from '@/server/catalog-cache';

// Built per request from cached catalog reads (not at build time: the gateway need not be up for a
// build); the reads are refreshed at most every CATALOG_REVALIDATE_SECONDS and on product changes.
export const dynamic = 'force-dynamic';

const PAGE = 100;
/** The sitemap protocol's limit per file. */
const MAX_URLS = 50_000;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = getEnv().STOREFRONT_URL;
  const entries: MetadataRoute.Sitemap = [{ url: `${base}/`, changeFrequency: 'daily', priority: 1 }];

  const categories = await getCategories();
  for (const top of categories) {
    for (const category of [top, ...top.children]) {
      entries.push({ url: `${base}/categories/${category.slug}`, changeFrequency: 'daily', priority: 0.8 });
    }
  }

  let cursor: string | undefined;
  do {
    const page = await listProducts({ sort: 'name', limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const product of page.items) {
      entries.push({ url: `${base}/products/${product.slug}`, lastModified: product.updatedAt, changeFrequency: 'weekly', priority: 0.6 });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && entries.length < MAX_URLS);

  return entries.slice(0, MAX_URLS);
}
