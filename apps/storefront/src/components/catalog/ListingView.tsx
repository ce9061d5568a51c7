import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ListingData } from '@/server/catalog-listing';
import { buildFacetGroups } from '@/lib/catalog/facets';
import { FacetList } from './FacetList';
import { clearFilters, hasFilters, listingHref, pageNumber, productCountLabel, type ListingMode } from '@/lib/catalog/listing-params';
import { Pagination } from './Pagination';
import { ProductGrid } from './ProductGrid';
import { TrackedProducts } from '../analytics/TrackedProducts';
import { SortForm } from './SortForm';
import type { CategoryNode } from '@/lib/catalog/types';
import type { PromotionBadge } from '@/lib/catalog/promotions';
import styles from './catalog.module.css';

export interface ListingViewProps {
  heading: ReactNode;
  /** Under the heading, e.g. "Showing results for …". */
  intro?: ReactNode;
  mode: ListingMode;
  data: ListingData;
  /** Top categories, offered when nothing matches. */
  popularCategories: ReadonlyArray<Pick<CategoryNode, 'slug' | 'name'>>;
  categoryNames?: ReadonlyMap<string, string>;
  /** Badges of the running automatic promotions, by product id. */
  promotions?: ReadonlyMap<string, PromotionBadge>;
}

/** The shared body of /search and /categories/{slug}: heading, count, sort, facets, grid, pages. */
export function ListingView({ heading, intro, mode, data, popularCategories, categoryNames, promotions }: ListingViewProps) {
  const { page, params } = data;
  const filtered = hasFilters(params, mode);
  const clearHref = filtered ? listingHref(clearFilters(params, mode), mode) : null;
  const groups = buildFacetGroups(params, mode, { ...data.facetSources, ...(categoryNames ? { categoryNames } : {}) });
  const action = mode === 'category' && params.category ? `/categories/${params.category}` : '/search';
  const count = productCountLabel(page.facets.total);
  const pageNo = pageNumber(params);
  const selectedCount = groups.reduce(
    (sum, group) => sum + (mode === 'category' && group.key === 'category' ? 0 : group.options.filter((option) => option.selected).length),
    0,
  );

  return (
    <div className={styles.listing}>
      <header className={styles.listingHeader}>
        <h1 className="page-title">{heading}</h1>
        {intro}
      </header>
      <div className={styles.toolbar}>
        <p className={styles.resultCount} role="status">
          {count}
          {pageNo > 1 ? <span className={styles.muted}> · page {pageNo}</span> : null}
        </p>
        {page.facets.total > 0 ? <SortForm params={params} mode={mode} action={action} /> : null}
      </div>
      <div className={styles.body}>
        <aside className={styles.sidebar} aria-labelledby="filters-heading">
          {/* Folded on small screens (the products come first); always open from 900 px (CSS). */}
          <details className={styles.filterPanel}>
            <summary className={styles.filterSummary}>
              Filters{selectedCount ? ` (${selectedCount} selected)` : ''}
            </summary>
            <FacetList groups={groups} clearHref={clearHref} />
          </details>
        </aside>
        <section className={styles.results} aria-labelledby="results-heading">
          <h2 id="results-heading" className="oc-visually-hidden">
            Products
          </h2>
          {page.items.length ? (
            <>
              {/* Impressions (list "category" / "search") and search result clicks go to analytics. */}
              <TrackedProducts
                list={mode}
                products={page.items.map((item) => ({ id: item.id, slug: item.slug }))}
                {...(mode === 'search' && params.q ? { click: { kind: 'search' as const, query: Array.from(params.q).slice(0, 200).join('') } } : {})}
              >
                <ProductGrid products={page.items} promotions={promotions} priorityCount={pageNo === 1 ? 4 : 0} />
              </TrackedProducts>
              <Pagination params={params} mode={mode} nextCursor={page.nextCursor} />
            </>
          ) : (
            <EmptyState clearHref={clearHref} query={params.q} popularCategories={popularCategories} />
          )}
        </section>
      </div>
    </div>
  );
}

function EmptyState({
  clearHref,
  query,
  popularCategories,
}: {
  clearHref: string | null;
  query: string | undefined;
  popularCategories: ListingViewProps['popularCategories'];
}) {
  return (
    <div className={styles.empty}>
      <h3 className={styles.emptyTitle}>No products match{query ? <> “{query}”</> : null}</h3>
      <p>Try one of these:</p>
      <ul className={styles.emptySuggestions}>
        {clearHref ? (
          <li>
            <Link href={clearHref}>Clear all filters</Link>
          </li>
        ) : null}
        {query ? <li>Check the spelling, or use fewer or more general words.</li> : null}
        <li>
          <Link href="/search">Browse all products</Link>
        </li>
      </ul>
      {popularCategories.length ? (
        <>
          <p>Popular categories:</p>
          <ul className={styles.chips}>
            {popularCategories.map((category) => (
              <li key={category.slug}>
                <Link href={`/categories/${category.slug}`}>{category.name}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
