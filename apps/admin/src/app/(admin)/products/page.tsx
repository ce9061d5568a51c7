import { serviceStatus } from '@omnicart/bff';
import { Alert, Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { money } from '@/lib/format';
import { parseProductListParams, productListQuery } from '@/lib/products/list-params';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import styles from '@/components/lists.module.css';

export const metadata: Metadata = { title: 'Products' };

/**
 * The catalog as staff see it, read-only (the editor comes later): search, category and page in the
 * URL. The catalog's list pages with keyset cursors and lists active products only, so this page
 * offers "next page" (not page numbers) and no status filter yet.
 */
export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('products');
  const state = parseProductListParams(await searchParams);
  const [categories, page] = await Promise.all([
    api.catalog.categories.query(),
    api.catalog.list
      .query({ limit: state.pageSize, ...(state.q ? { q: state.q } : {}), ...(state.category ? { category: state.category } : {}), ...(state.cursor ? { cursor: state.cursor } : {}), ...(state.sort ? { sort: state.sort } : {}) })
      .catch((error: unknown) => {
        // A cursor from an older URL the catalog no longer accepts: start again from the first page.
        if (serviceStatus(error) === 400 && state.cursor) return null;
        throw error;
      }),
  ]);
  const total = page?.facets.total ?? 0;

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
        </nav>
      </div>
      <form method="get" action="/products" role="search" aria-label="Filter products" className={`panel ${styles.filters}`}>
        <label className={styles.wide}>
          Search
          <input className="oc-input" type="search" name="q" defaultValue={state.q} placeholder="Name, brand or description" />
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
          Sort
          <select className="oc-select" name="sort" defaultValue={state.sort ?? ''}>
            <option value="">Default (relevance when searching, else newest)</option>
            <option value="price_asc">Price, low to high</option>
            <option value="price_desc">Price, high to low</option>
            <option value="name">Name, A–Z</option>
            <option value="newest">Newest first</option>
          </select>
        </label>
        <label>
          Rows per page
          <select className="oc-select" name="pageSize" defaultValue={String(state.pageSize)}>
            {[10, 20, 50, 100].map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <div className={styles.buttons}>
          <button type="submit" className="oc-button oc-button--primary">
            Apply
          </button>
        </div>
      </form>
      <Alert tone="info">Active products as the catalog lists them. Drafts and archived products, and editing, arrive with the product editor.</Alert>
      {page === null ? <Alert tone="warning">That page link has expired; showing the first page.</Alert> : null}
      <p role="status" className={styles.total}>
        {total === 0 ? 'No products match.' : `${total.toLocaleString('en-US')} ${total === 1 ? 'product' : 'products'}${state.q || state.category ? ' match' : ''}`}
        {page?.correctedQuery ? ` (searched for “${page.correctedQuery}”)` : ''}
      </p>
      {page && page.items.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="oc-visually-hidden">Products</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">SKU</th>
                <th scope="col">Category</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Stock
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((product) => (
                <tr key={product.id}>
                  <th scope="row">
                    {product.name}
                    {product.brand ? <span className="muted"> · {product.brand}</span> : null}
                  </th>
                  <td>{product.sku}</td>
                  <td>{product.category.name}</td>
                  <td>
                    <Badge tone={product.status === 'active' ? 'success' : 'neutral'}>{product.status}</Badge>
                  </td>
                  <td className="num">{money(product.price.amount, product.price.currency)}</td>
                  <td className="num">{product.stockQuantity ?? (product.inStock ? 'In stock' : 'Sold out')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav aria-label="Product pages" className="oc-cluster">
        {state.cursor ? (
          <Link className="oc-button oc-button--secondary oc-button--sm" href={`/products${productListQuery(state, { cursor: undefined })}`}>
            First page
          </Link>
        ) : null}
        {page?.nextCursor ? (
          <Link className="oc-button oc-button--secondary oc-button--sm" href={`/products${productListQuery(state, { cursor: page.nextCursor })}`} rel="next">
            Next page
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
