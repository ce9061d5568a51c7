import type { ComponentPropsWithoutRef, ElementType, ReactNode } from 'react';
import { cx } from '../cx.js';
import type { Money } from '../money.js';
import { Badge } from './Badge.js';
import { Price } from './Price.js';

/** The slice of the catalog's ProductDto a card needs (a full ProductDto fits). */
export interface ProductCardProduct {
  slug: string;
  name: string;
  price: Money;
  images?: ReadonlyArray<{ url: string; alt: string }>;
  brand?: string | null;
  inStock: boolean;
}

export interface ProductCardProps extends Omit<ComponentPropsWithoutRef<'article'>, 'children'> {
  product: ProductCardProduct;
  /** Where the card links, e.g. `/products/${slug}`. */
  href: string;
  /** Heading level of the product name within the page outline. Default 3. */
  headingLevel?: 2 | 3;
  /** Above-the-fold cards: load the image eagerly with high fetch priority. */
  priority?: boolean;
  /** Link component for the name link, e.g. Next's `Link`. Default a plain <a>. */
  linkAs?: ElementType;
  /** Intrinsic image size (the catalog's SVGs are 600×600). The box keeps this aspect ratio. */
  imageWidth?: number;
  imageHeight?: number;
  /** `sizes` for the image; matters only for raster images with a srcset. */
  imageSizes?: string;
  /** Extra controls (e.g. an add-to-cart button), drawn above the card-wide link overlay. */
  children?: ReactNode;
}

/**
 * A product tile: image, name (the link; its ::after overlay makes the whole card clickable),
 * brand, price and an "Out of stock" badge. The name comes first in the DOM so the heading leads
 * for screen readers; CSS puts the image on top.
 */
export function ProductCard({
  product,
  href,
  headingLevel = 3,
  priority = false,
  linkAs: Link = 'a',
  imageWidth = 600,
  imageHeight = 600,
  imageSizes,
  className,
  children,
  ...rest
}: ProductCardProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const image = product.images?.[0];
  return (
    <article className={cx('oc-product-card', !product.inStock && 'oc-product-card--out-of-stock', className)} {...rest}>
      <div className="oc-product-card__body">
        <Heading className="oc-product-card__name">
          <Link href={href} className="oc-product-card__link">
            {product.name}
          </Link>
        </Heading>
        {product.brand ? <p className="oc-product-card__brand">{product.brand}</p> : null}
        <div className="oc-product-card__meta">
          <Price amount={product.price.amount} currency={product.price.currency} />
          {product.inStock ? null : <Badge tone="neutral">Out of stock</Badge>}
        </div>
        {children ? <div className="oc-product-card__actions">{children}</div> : null}
      </div>
      <div className="oc-product-card__media" style={{ aspectRatio: `${imageWidth} / ${imageHeight}` }}>
        {image ? (
          <img
            className="oc-product-card__image"
            src={image.url}
            alt={image.alt}
            width={imageWidth}
            height={imageHeight}
            sizes={imageSizes}
            loading={priority ? 'eager' : 'lazy'}
            fetchPriority={priority ? 'high' : undefined}
            decoding="async"
          />
        ) : null}
      </div>
    </article>
  );
}
