import { ProductCard, type ProductCardProduct } from '@omnicart/ui';
import Link from 'next/link';

export interface ProductGridProps {
  products: ReadonlyArray<ProductCardProduct>;
  /** Heading level of the product names in the page outline. */
  headingLevel?: 2 | 3;
  /** How many cards (from the first) load their image eagerly: the ones above the fold. */
  priorityCount?: number;
  /** Accessible name of the list, e.g. "New arrivals". */
  label?: string;
}

/** Product cards in the responsive oc-grid-products grid (two columns at 360 px). */
export function ProductGrid({ products, headingLevel = 3, priorityCount = 0, label }: ProductGridProps) {
  return (
    <ul className="oc-grid-products" aria-label={label}>
      {products.map((product, index) => (
        <li key={product.slug}>
          <ProductCard
            product={product}
            href={`/products/${encodeURIComponent(product.slug)}`}
            linkAs={Link}
            headingLevel={headingLevel}
            priority={index < priorityCount}
            imageSizes="(min-width: 768px) 240px, 50vw"
          />
        </li>
      ))}
    </ul>
  );
}
