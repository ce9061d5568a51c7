import { Badge, Price, moneyToDecimal } from '@omnicart/ui';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { AddToCart } from '@/components/catalog/AddToCart';
import { ProductAlerts } from '@/components/catalog/ProductAlerts';
import { Breadcrumb } from '@/components/catalog/Breadcrumb';
import { JsonLd } from '@/components/catalog/JsonLd';
import { absoluteUrl, breadcrumbJsonLd, productJsonLd, productUrl, type Crumb } from '@/components/catalog/json-ld';
import { ProductGrid } from '@/components/catalog/ProductGrid';
import { PromotionNotice } from '@/components/catalog/PromotionBadge';
import type { Product, ProductListItem } from '@/lib/catalog/types';
import { getEnv } from '@/env';
import { listProducts } from '@/server/catalog-cache';
import { findCategory, findProduct } from '@/server/catalog-pages';
import { recordPageView } from '@/server/analytics/page-views';
import { promotionBadgesFor } from '@/server/promotion-badges';
import { ProductRecommendations } from '../../_shelves/Shelves';
import styles from './product.module.css';

export const dynamic = 'force-dynamic';

interface ProductPageProps {
  params: Promise<{ slug: string }>;
}

const IMAGE_SIZE = 600;
const THUMB_SIZE = 96;
const RELATED = 4;

function summary(text: string, max = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

const ATTRIBUTE_LABELS: Record<string, string> = { colour: 'Colour', size: 'Size', material: 'Material' };
const attributeLabel = (key: string) => ATTRIBUTE_LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/[_-]+/g, ' ');

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const { slug } = await params;
  const product = await findProduct(slug);
  if (!product) return { title: 'Product not found', robots: { index: false } };
  const base = getEnv().STOREFRONT_URL;
  const url = productUrl(base, product.slug);
  const description = summary(product.description || `${product.name}${product.brand ? ` by ${product.brand}` : ''} at OmniCart.`);
  const image = product.images[0];
  return {
    title: product.name,
    description,
    alternates: { canonical: url },
    openGraph: {
      type: 'website',
      url,
      title: product.name,
      description,
      ...(image ? { images: [{ url: absoluteUrl(base, image.url), width: IMAGE_SIZE, height: IMAGE_SIZE, alt: image.alt }] } : {}),
    },
    other: {
      'product:price:amount': moneyToDecimal(product.price),
      'product:price:currency': product.price.currency,
      'product:availability': product.inStock ? 'in stock' : 'out of stock',
    },
  };
}

async function relatedProducts(product: Product): Promise<ProductListItem[]> {
  try {
    const page = await listProducts({ category: product.category.slug, limit: RELATED + 1, sort: 'newest' });
    return page.items.filter((item) => item.id !== product.id).slice(0, RELATED);
  } catch {
    return []; // related products are a nicety: the page stands without them
  }
}

async function categoryTrail(product: Product): Promise<Crumb[]> {
  const own = { name: product.category.name, href: `/categories/${product.category.slug}` };
  try {
    const parent = (await findCategory(product.category.slug))?.parent;
    return parent ? [{ name: parent.name, href: `/categories/${parent.slug}` }, own] : [own];
  } catch {
    return [own];
  }
}

export default async function ProductPage({ params }: ProductPageProps) {
  const { slug } = await params;
  const product = await findProduct(slug);
  if (!product) notFound();

  const base = getEnv().STOREFRONT_URL;
  recordPageView(`/products/${product.slug}`, { pageType: 'product', productId: product.id, categoryId: product.category.id });
  const [related, trail] = await Promise.all([relatedProducts(product), categoryTrail(product)]);
  // One cached read of the running promotions for the product and its "More from" cards.
  const promotions = await promotionBadgesFor([product, ...related]);
  const promotion = promotions.get(product.id);
  const crumbs: Crumb[] = [{ name: 'Home', href: '/' }, ...trail, { name: product.name, href: `/products/${product.slug}` }];
  const [main, ...thumbnails] = product.images;
  const attributes = Object.entries(product.attributes).filter(([, value]) => value.trim() !== '');

  return (
    <>
      <Breadcrumb crumbs={crumbs} />
      <JsonLd data={[productJsonLd(product, base), breadcrumbJsonLd(crumbs, base)]} />
      <article className={styles.product} aria-labelledby="product-name">
        <div className={styles.gallery}>
          <div className={styles.mainImage}>
            {main ? (
              <img src={main.url} alt={main.alt} width={IMAGE_SIZE} height={IMAGE_SIZE} loading="eager" fetchPriority="high" decoding="async" />
            ) : (
              <span className={styles.noImage}>No image</span>
            )}
          </div>
          {thumbnails.length ? (
            <ul className={styles.thumbnails} aria-label="More images">
              {thumbnails.map((image) => (
                <li key={image.url}>
                  <img src={image.url} alt={image.alt} width={THUMB_SIZE} height={THUMB_SIZE} loading="lazy" decoding="async" />
                </li>
              ))}
            </ul>
          ) : null}
        </div>

        <div className={styles.details}>
          {product.brand ? <p className={styles.brand}>{product.brand}</p> : null}
          <h1 id="product-name" className={`page-title ${styles.name}`}>
            {product.name}
          </h1>
          <div className={styles.priceRow}>
            <Price amount={product.price.amount} currency={product.price.currency} size="lg" />
            {product.inStock ? <Badge tone="success">In stock</Badge> : <Badge tone="danger">Out of stock</Badge>}
          </div>
          {promotion ? <PromotionNotice badge={promotion} currency={product.price.currency} className={styles.promotion} /> : null}

          <AddToCart
            productId={product.id}
            productName={product.name}
            inStock={product.inStock}
            maxPerOrder={product.maxPerOrder}
            maxPerCustomer={product.maxPerCustomer}
          />
          <ProductAlerts productId={product.id} inStock={product.inStock} />

          <section aria-labelledby="product-description" className={styles.section}>
            <h2 id="product-description" className={styles.sectionTitle}>
              Description
            </h2>
            <p className={styles.description}>{product.description || 'No description yet.'}</p>
          </section>

          <section aria-labelledby="product-specs" className={styles.section}>
            <h2 id="product-specs" className={styles.sectionTitle}>
              Details
            </h2>
            <dl className={styles.specs}>
              {product.brand ? (
                <div>
                  <dt>Brand</dt>
                  <dd>{product.brand}</dd>
                </div>
              ) : null}
              {attributes.map(([key, value]) => (
                <div key={key}>
                  <dt>{attributeLabel(key)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
              <div>
                <dt>SKU</dt>
                <dd>{product.sku}</dd>
              </div>
              <div>
                <dt>Availability</dt>
                <dd>{product.inStock ? 'In stock' : 'Out of stock'}</dd>
              </div>
            </dl>
          </section>
        </div>
      </article>

      {/* Recommendations stream in after the page (never holding it up); "More from <category>" when they have nothing. */}
      <Suspense fallback={null}>
        <ProductRecommendations
          productId={product.id}
          fallback={
            related.length ? (
              <section aria-labelledby="related-heading" className={styles.related}>
                <h2 id="related-heading" className={styles.relatedTitle}>
                  More from {product.category.name}
                </h2>
                <ProductGrid products={related} promotions={promotions} />
              </section>
            ) : null
          }
        />
      </Suspense>
    </>
  );
}
