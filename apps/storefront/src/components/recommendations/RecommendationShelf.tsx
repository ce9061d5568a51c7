import type { ShelfName } from '@/lib/analytics/client-events';
import type { ProductListItem } from '@/lib/catalog/types';
import { TrackedProducts } from '../analytics/TrackedProducts';
import { ProductGrid } from '../catalog/ProductGrid';
import styles from './RecommendationShelf.module.css';

/** The shoppers' names of the shelves. */
export const SHELF_TITLES: Record<ShelfName, string> = {
  also_bought: 'Customers also bought',
  similar: 'Similar products',
  bought_together: 'Frequently bought together',
  for_you: 'Recommended for you',
  trending: 'Trending now',
};

export interface RecommendationShelfProps {
  shelf: ShelfName;
  products: ReadonlyArray<ProductListItem>;
  /** The product the shelf was made for (reported with clicks). */
  sourceProductId?: string;
}

/**
 * One recommendation shelf: a titled section (`data-testid="shelf-<name>"`) with the product cards
 * in the responsive grid; impressions and clicks are reported to analytics (TrackedProducts).
 * Product links are the plain product URLs.
 */
export function RecommendationShelf({ shelf, products, sourceProductId }: RecommendationShelfProps) {
  if (!products.length) return null;
  const headingId = `shelf-${shelf}-heading`;
  return (
    <section aria-labelledby={headingId} className={styles.shelf} data-testid={`shelf-${shelf}`}>
      <h2 id={headingId} className={styles.title}>
        {SHELF_TITLES[shelf]}
      </h2>
      <TrackedProducts
        list={shelf}
        products={products.map((product) => ({ id: product.id, slug: product.slug }))}
        click={{ kind: 'recommendation', shelf, ...(sourceProductId ? { sourceProductId } : {}) }}
      >
        <ProductGrid products={products} headingLevel={3} label={SHELF_TITLES[shelf]} />
      </TrackedProducts>
    </section>
  );
}
