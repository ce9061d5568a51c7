import { describe, expect, it } from 'vitest';
import { attr, render } from '../test-utils.js';
import { Alert } from './Alert.js';
import { Badge } from './Badge.js';
import { Price } from './Price.js';
import { ProductCard, type ProductCardProduct } from './ProductCard.js';
import { Skeleton } from './Skeleton.js';
import { Spinner } from './Spinner.js';

describe('Price', () => {
  it('formats integer cents and exposes the decimal amount in <data value>', () => {
    const { html } = render(<Price amount={12999} currency="USD" />);
    expect(html).toContain('<data class="oc-price__amount" value="129.99">$129.99</data>');
  });

  it('handles currencies without minor units', () => {
    const { html } = render(<Price amount={1500} currency="JPY" />);
    expect(html).toContain('value="1500">¥1,500</data>');
  });

  it('shows a higher compare-at price as the struck-through regular price', () => {
    const { html } = render(<Price amount={999} currency="EUR" compareAt={1499} locale="en-US" />);
    expect(html).toContain('€9.99');
    expect(html).toContain('<s class="oc-price__compare"><span class="oc-visually-hidden">Regular price: </span>€14.99</s>');
  });

  it('ignores a compare-at price that is not higher', () => {
    expect(render(<Price amount={999} currency="USD" compareAt={999} />).html).not.toContain('oc-price__compare');
  });
});

const mug: ProductCardProduct = {
  slug: 'enamel-mug',
  name: 'Enamel Mug',
  price: { amount: 1250, currency: 'USD' },
  images: [{ url: '/images/products/enamel-mug.svg', alt: 'A white enamel mug' }],
  brand: 'Campfire',
  inStock: true,
};

describe('ProductCard', () => {
  it('links the name, shows brand and price, and reserves the image box with explicit dimensions', () => {
    const { html, tag } = render(<ProductCard product={mug} href="/products/enamel-mug" />);
    expect(tag('article')).toContain('oc-product-card');
    expect(html).toContain('<h3 class="oc-product-card__name"><a href="/products/enamel-mug" class="oc-product-card__link">Enamel Mug</a></h3>');
    expect(html).toContain('Campfire');
    expect(html).toContain('$12.50');
    const img = tag('img');
    expect(attr(img, 'src')).toBe('/images/products/enamel-mug.svg');
    expect(attr(img, 'alt')).toBe('A white enamel mug');
    expect(attr(img, 'width')).toBe('600');
    expect(attr(img, 'height')).toBe('600');
    expect(attr(img, 'loading')).toBe('lazy');
    expect(html).not.toContain('Out of stock');
  });

  it('shows an "Out of stock" badge when the product is not in stock', () => {
    const { html } = render(<ProductCard product={{ ...mug, inStock: false }} href="/p" />);
    expect(html).toContain('<span class="oc-badge oc-badge--neutral">Out of stock</span>');
  });

  it('loads a priority image eagerly and honours heading level and image size', () => {
    const { tag } = render(
      <ProductCard product={mug} href="/p" priority headingLevel={2} imageWidth={400} imageHeight={300} />,
    );
    expect(attr(tag('img'), 'loading')).toBe('eager');
    expect(attr(tag('img'), 'fetchPriority')).toBe('high');
    expect(attr(tag('img'), 'width')).toBe('400');
    expect(attr(tag('img'), 'height')).toBe('300');
    expect(tag('h2')).toContain('oc-product-card__name');
  });

  it('keeps the image box when the product has no image', () => {
    const { html } = render(<ProductCard product={{ ...mug, images: [] }} href="/p" />);
    expect(html).toContain('oc-product-card__media');
    expect(html).not.toContain('<img');
  });

  it('renders the name through the given link component', () => {
    const AppLink = (props: { href: string; className?: string; children?: React.ReactNode }) => <a data-app-link="" {...props} />;
    const { tag } = render(<ProductCard product={mug} href="/p" linkAs={AppLink} />);
    expect(tag('a')).toContain('data-app-link');
  });
});

describe('Alert, Badge, Spinner, Skeleton', () => {
  it('announces errors assertively and other tones politely', () => {
    expect(attr(render(<Alert tone="error">Card declined</Alert>).tag('div'), 'role')).toBe('alert');
    expect(attr(render(<Alert tone="success">Saved</Alert>).tag('div'), 'role')).toBe('status');
    expect(attr(render(<Alert>Note</Alert>).tag('div'), 'role')).toBe('status');
  });

  it('gives badges a tone class', () => {
    expect(attr(render(<Badge tone="success">Paid</Badge>).tag('span'), 'class')).toBe('oc-badge oc-badge--success');
  });

  it('gives the spinner a status role and a visually hidden label', () => {
    const { html, tag } = render(<Spinner label="Loading results" />);
    expect(attr(tag('span'), 'role')).toBe('status');
    expect(html).toContain('<span class="oc-visually-hidden">Loading results</span>');
  });

  it('sizes skeletons explicitly and hides them from assistive technology', () => {
    const { tag } = render(<Skeleton width={200} height="1.5rem" />);
    expect(attr(tag('span'), 'aria-hidden')).toBe('true');
    expect(attr(tag('span'), 'style')).toBe('width:200px;height:1.5rem');
  });
});
