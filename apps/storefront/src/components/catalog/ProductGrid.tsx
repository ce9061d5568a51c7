import { ProductCard, type ProductCardProduct } from '@omnicart/ui';
import Link from 'next/link';
import type { PromotionBadge } from '@/lib/catalog/promotions';
import { PromotionCardBadge } from './PromotionBadge';

export interface ProductGridProps {
  products: ReadonlyArray<ProductCardProduct & { id?: string }>;
  /** The running automatic promotion of each product (by id), shown as a badge on its card. */
  promotions?: ReadonlyMap<string, PromotionBadge>;
  /** Heading level of the product names in the page outline. */
  headingLevel?: 2 | 3;
  /** How many cards (from the first) load their image eagerly: the ones above the fold. */
  priorityCount?: number;
  /** Accessible name of the list, e.g. "New arrivals". */
  label?: string;
}

/** Product cards in the responsive oc-grid-products grid (two columns at 360 px). */
export function ProductGrid({ products, promotions, headingLevel = 3, priorityCount = 0, label }: ProductGridProps) {
  return (
    <ul className="oc-grid-products" aria-label={label}>
      {products.map((product, index) => {
        const badge = product.id ? promotions?.get(product.id) : undefined;
        return (
          <li key={product.slug}>
            <ProductCard
              product={product}
              href={`/products/${encodeURIComponent(product.slug)}`}
              linkAs={Link}
              headingLevel={headingLevel}
              priority={index < priorityCount}
              imageSizes="(min-width: 768px) 240px, 50vw"
            >
              {badge ? <PromotionCardBadge badge={badge} /> : null}
            </ProductCard>
          </li>
        );
      })}
    </ul>
  );
}
