import type { MetadataRoute } from 'next';
import { getEnv } from '@/env';
import { getCategories, getSitemapProducts } from '@/server/catalog-cache';

// Built per request (not at build time: the gateway need not be up for a build) from cached
// catalog reads: the product list is refreshed hourly, categories with the catalog.
export const dynamic = 'force-dynamic';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = getEnv().STOREFRONT_URL;
  const [categories, products] = await Promise.all([getCategories(), getSitemapProducts()]);
  return [
    { url: `${base}/`, changeFrequency: 'daily', priority: 1 },
    ...categories.flatMap((top) =>
      [top, ...top.children].map((category) => ({
        url: `${base}/categories/${category.slug}`,
        changeFrequency: 'daily' as const,
        priority: 0.8,
      })),
    ),
    ...products.map((product) => ({
      url: `${base}/products/${product.slug}`,
      lastModified: product.updatedAt,
      changeFrequency: 'weekly' as const,
      priority: 0.6,
    })),
  ];
}
