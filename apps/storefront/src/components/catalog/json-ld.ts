import { moneyToDecimal } from '@omnicart/ui';
import type { Product } from '@/lib/catalog/types';

/** schema.org structured data for product pages (Product + BreadcrumbList). Pure builders. */

export type JsonLdObject = { '@context'?: string; '@type': string } & Record<string, unknown>;

/** An absolute URL on the storefront's public base (site-relative paths are resolved against it). */
export function absoluteUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return new URL(path.startsWith('/') ? path : `/${path}`, `${base.replace(/\/+$/, '')}/`).toString();
}

export function productUrl(base: string, slug: string): string {
  return absoluteUrl(base, `/products/${encodeURIComponent(slug)}`);
}

export function productJsonLd(product: Product, base: string): JsonLdObject {
  const url = productUrl(base, product.slug);
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    '@id': `${url}#product`,
    name: product.name,
    ...(product.description ? { description: product.description } : {}),
    sku: product.sku,
    url,
    ...(product.images.length ? { image: product.images.map((image) => absoluteUrl(base, image.url)) } : {}),
    ...(product.brand ? { brand: { '@type': 'Brand', name: product.brand } } : {}),
    category: product.category.name,
    ...(product.attributes.colour ? { color: product.attributes.colour } : {}),
    ...(product.attributes.material ? { material: product.attributes.material } : {}),
    ...(product.attributes.size ? { size: product.attributes.size } : {}),
    offers: {
      '@type': 'Offer',
      url,
      priceCurrency: product.price.currency,
      price: moneyToDecimal(product.price),
      availability: product.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      itemCondition: 'https://schema.org/NewCondition',
    },
  };
}

export interface Crumb {
  name: string;
  /** Site-relative path. */
  href: string;
}

export function breadcrumbJsonLd(crumbs: readonly Crumb[], base: string): JsonLdObject {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(base, crumb.href),
    })),
  };
}

/**
 * JSON for a <script type="application/ld+json">: "<" and ">" (and "&", U+2028/9) are escaped, so
 * text from the catalog can never close the script element or start markup.
 */
export function serializeJsonLd(data: JsonLdObject | JsonLdObject[]): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
