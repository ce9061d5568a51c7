import type { Metadata } from 'next';
import Link from 'next/link';
import { CategoryTree } from '@/components/products/CategoryTree';
import { changeCategory } from '@/server/catalog-actions';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: 'Categories' };

/**
 * The two-level category tree: create, rename, move (choose a parent), reorder (up/down) and delete
 * (the catalog refuses while a category still has products or sub-categories, and says so).
 * Staff without categories:write see the tree read-only.
 */
export default async function CategoriesPage() {
  const { api, staff } = await requireSection('products');
  const { categories } = await orForbidden(api.catalog.staffCategories.query());
  const canWrite = staff.permissions.includes('categories:write');
  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Categories</h1>
        <Link href="/products" className="oc-button oc-button--secondary oc-button--sm">
          Back to products
        </Link>
      </div>
      <CategoryTree categories={categories} canWrite={canWrite} action={changeCategory} />
    </div>
  );
}
