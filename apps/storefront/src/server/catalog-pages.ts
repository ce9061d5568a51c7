import 'server-only';
import { cache } from 'react';
import type { CategoryNode, Product } from '@/lib/catalog/types';
import { getCategories, getProduct } from './catalog-cache';

/** Per-request lookups shared by a route's layout (existence check), metadata and page. */

export interface FoundCategory {
  id: string;
  slug: string;
  name: string;
  productCount: number;
  parent: Pick<CategoryNode, 'slug' | 'name'> | null;
}

/** The header's top categories; the header still renders (without them) when the catalog is down. */
export async function navCategories(): Promise<CategoryNode[]> {
  try {
    return (await getCategories()).slice(0, 6);
  } catch {
    return [];
  }
}

/** The category with this slug (top-level or sub-category), or null. */
export const findCategory = cache(async (slug: string): Promise<FoundCategory | null> => {
  for (const top of await getCategories()) {
    if (top.slug === slug) return { id: top.id, slug: top.slug, name: top.name, productCount: top.productCount, parent: null };
    const child = top.children.find((candidate) => candidate.slug === slug);
    if (child) return { id: child.id, slug: child.slug, name: child.name, productCount: child.productCount, parent: { slug: top.slug, name: top.name } };
  }
  return null;
});

/** The product shoppers may see: active only (archived, draft and unknown slugs are null → 404). */
export const findProduct = cache(async (slug: string): Promise<Product | null> => {
  const product = await getProduct(slug);
  return product && product.status === 'active' ? product : null;
});

/**
 * What a listing page takes from the category tree: every category's name by slug (for the
 * selected category facet) and the largest top-level categories (the empty state's suggestions).
 */
export function listingCategories(categories: readonly CategoryNode[], exceptSlug?: string) {
  return {
    categoryNames: new Map(categories.flatMap((top) => [[top.slug, top.name] as const, ...top.children.map((child) => [child.slug, child.name] as const)])),
    popularCategories: categories
      .filter((top) => top.slug !== exceptSlug)
      .sort((a, b) => b.productCount - a.productCount)
      .slice(0, 6),
  };
}
