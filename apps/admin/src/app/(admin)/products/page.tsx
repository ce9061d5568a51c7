import { Alert } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/Pager';
import { ProductsTable } from '@/components/products/ProductsTable';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import styles from '@/components/lists.module.css';
import { decimalFromCents } from '@/lib/url-state';
import { isFiltered, parseProductListParams, productListQuery, searchInput } from '@/lib/products/list-params';
import { PRODUCT_SORT_LABELS, PRODUCT_STATUS_LABELS } from '@/lib/products/types';
import type { SearchParams } from '@/lib/url-state';
import { orForbidden, requireSection } from '@/server/guard';
import { applyBulkChange, previewBulkChange } from '@/server/product-actions';

export const metadata: Metadata = { title: 'Products' };

/**
 * Every product in every status (catalog.search): search, status, category, stock, price range,
 * sort, page and page size in the URL (a plain GET form: every view is a shareable link), the
 * total; with products:write, a selection and bulk changes with a preview, and "New product".
 */
export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api, staff } = await requireSection('products');
  const state = parseProductListParams(await searchParams);
  const [categories, result] = await Promise.all([
    api.catalog.categories.query(),
    orForbidden(api.catalog.search.query(searchInput(state))).catch((error: unknown) => {
      // A category slug from an old link that no longer exists: say so rather than fail the page.
      if (state.category && error instanceof Error && /category/i.test(error.message)) return null;
      throw error;
    }),
  ]);
  const canWrite = staff.permissions.includes('products:write');
  const filtered = isFiltered(state);
  const total = result?.total ?? 0;

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Products</h1>
        <nav aria-label="Catalog tools" className="oc-cluster">
          <Link className="oc-button oc-button--secondary oc-button--sm" href="/products/categories">
            Categories
          </Link>
          <Link className="oc-button oc-button--secondary oc-button--sm" href="/products/import">
            Import CSV
          </Link>
          {/* A plain download link: next/link would prefetch (stream) the whole export. */}
          <a className="oc-button oc-button--secondary oc-button--sm" href={`/products/export.csv${state.category ? `?category=${encodeURIComponent(state.category)}` : ''}`} download>
            Export CSV
          </a>
          {canWrite ? (
            <Link className="oc-button oc-button--primary oc-button--sm" href="/products/new">
              New product
            </Link>
          ) : null}
        </nav>
      </div>
      <form method="get" action="/products" role="search" aria-label="Filter products" className={`panel ${styles.filters}`}>
        <label className={styles.wide}>
          Search
          <input className="oc-input" type="search" name="q" defaultValue={state.q} placeholder="Name, SKU or brand" />
        </label>
        <label>
          Status
          <select className="oc-select" name="status" defaultValue={state.status ?? ''}>
            <option value="">Every status</option>
            {Object.entries(PRODUCT_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select className="oc-select" name="category" defaultValue={state.category ?? ''}>
            <option value="">All categories</option>
            {categories.map((parent) => (
              <optgroup key={parent.id} label={parent.name}>
                <option value={parent.slug}>All {parent.name}</option>
                {parent.children.map((child) => (
                  <option key={child.id} value={child.slug}>
                    {child.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          Stock
          <select className="oc-select" name="inStock" defaultValue={state.inStock === undefined ? '' : state.inStock ? '1' : '0'}>
            <option value="">In stock or not</option>
            <option value="1">In stock</option>
            <option value="0">Sold out</option>
          </select>
        </label>
        <label>
          Price from ($)
          <input className="oc-input" name="minPrice" inputMode="decimal" defaultValue={decimalFromCents(state.minPrice)} placeholder="0.00" />
        </label>
        <label>
          Price to ($)
          <input className="oc-input" name="maxPrice" inputMode="decimal" defaultValue={decimalFromCents(state.maxPrice)} placeholder="any" />
        </label>
        <label>
          Sort
          <select className="oc-select" name="sort" defaultValue={state.sort}>
            {Object.entries(PRODUCT_SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <PageSizeField value={state.pageSize} />
        <FilterButtons filtered={filtered} clearHref="/products" />
      </form>
      {result === null ? <Alert tone="warning">That category no longer exists; choose another.</Alert> : null}
      <ListTotal noun={{ one: 'product', many: 'products', none: 'No products yet.' }} result={{ total, page: state.page, pageSize: state.pageSize }} filtered={filtered} />
      {result && result.items.length ? (
        // A fresh selection on every page and filter (the key).
        <ProductsTable key={productListQuery(state)} items={result.items} categories={categories} canWrite={canWrite} preview={previewBulkChange} apply={applyBulkChange} />
      ) : null}
      {result ? <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(target) => `/products${productListQuery(state, { page: target })}`} label="Product pages" /> : null}
    </div>
  );
}
