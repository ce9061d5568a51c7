import { describe, expect, it } from 'vitest';
import { absoluteUrl, breadcrumbJsonLd, productJsonLd, serializeJsonLd } from './json-ld';
import type { Product } from '@/lib/catalog/types';

const product: Product = {
  id: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10',
  sku: 'HPH-00001',
  slug: 'sonora-headphones',
  name: 'Sonora Headphones',
  description: 'Closed-back </script><script>alert(1)</script> headphones.',
  price: { amount: 12999, currency: 'USD' },
  status: 'active',
  category: { id: '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d', slug: 'headphones', name: 'Headphones' },
  brand: 'Sonora',
  attributes: { colour: 'Black' },
  images: [{ url: '/images/products/sonora-headphones.svg', alt: 'Sonora Headphones in black' }],
  inStock: false,
  maxPerOrder: null,
  maxPerCustomer: null,
  createdAt: '2026-01-01T12:00:00.000Z',
  updatedAt: '2026-01-02T12:00:00.000Z',
};

describe('product JSON-LD', () => {
  it('describes the product with an offer, absolute URLs, sku and brand', () => {
    const data = productJsonLd(product, 'https://shop.example/');
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Sonora Headphones',
      sku: 'HPH-00001',
      url: 'https://shop.example/products/sonora-headphones',
      image: ['https://shop.example/images/products/sonora-headphones.svg'],
      brand: { '@type': 'Brand', name: 'Sonora' },
      color: 'Black',
      offers: {
        '@type': 'Offer',
        price: '129.99',
        priceCurrency: 'USD',
        availability: 'https://schema.org/OutOfStock',
      },
    });
  });

  it('leaves out a missing brand and image', () => {
    const data = productJsonLd({ ...product, brand: null, images: [], inStock: true }, 'http://127.0.0.1:3000');
    expect(data).not.toHaveProperty('brand');
    expect(data).not.toHaveProperty('image');
    expect(data.offers).toMatchObject({ availability: 'https://schema.org/InStock' });
  });

  it('serialises without anything that could close the script element', () => {
    const json = serializeJsonLd(productJsonLd(product, 'https://shop.example'));
    expect(json).not.toContain('</script>');
    expect(json).not.toContain('<');
    expect(JSON.parse(json).description).toBe(product.description);
  });
});

describe('breadcrumb JSON-LD', () => {
  it('numbers the crumbs and makes their URLs absolute', () => {
    expect(
      breadcrumbJsonLd(
        [
          { name: 'Home', href: '/' },
          { name: 'Headphones', href: '/categories/headphones' },
          { name: 'Sonora Headphones', href: '/products/sonora-headphones' },
        ],
        'https://shop.example',
      ),
    ).toEqual({
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Home', item: 'https://shop.example/' },
        { '@type': 'ListItem', position: 2, name: 'Headphones', item: 'https://shop.example/categories/headphones' },
        { '@type': 'ListItem', position: 3, name: 'Sonora Headphones', item: 'https://shop.example/products/sonora-headphones' },
      ],
    });
  });

  it('keeps absolute URLs as they are', () => {
    expect(absoluteUrl('https://shop.example', 'https://cdn.example/a.svg')).toBe('https://cdn.example/a.svg');
    expect(absoluteUrl('https://shop.example/base/', 'x')).toBe('https://shop.example/x');
  });
});
