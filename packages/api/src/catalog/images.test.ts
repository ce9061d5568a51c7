import { describe, expect, it } from 'vitest';
import { colourFill, productImagePath, renderProductSvg, slugFromImagePath } from './images.js';

describe('product images', () => {
  const facts = { slug: 'sonora-wireless-bluetooth-headphones-black', name: 'Sonora Wireless Bluetooth Headphones', colour: 'Black' };

  it('renders the same SVG for the same product, every time', () => {
    expect(renderProductSvg(facts)).toBe(renderProductSvg({ ...facts }));
  });

  it('draws the product colour and name', () => {
    const svg = renderProductSvg(facts);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(colourFill('Black', facts.slug));
    expect(svg).toContain('Sonora Wireless Bluetooth');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('differs between products and escapes markup in names', () => {
    expect(renderProductSvg({ ...facts, slug: 'other', colour: 'Red' })).not.toBe(renderProductSvg(facts));
    const svg = renderProductSvg({ slug: 'x', name: '<script>alert("x")</script> & Co', colour: null });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('gives unknown colours a stable fill', () => {
    expect(colourFill('Chartreuse', 'a')).toBe(colourFill('chartreuse'.replace('c', 'C'), 'b'));
    expect(colourFill(null, 'slug-a')).toBe(colourFill(null, 'slug-a'));
  });

  it('maps image paths to slugs and back, refusing anything else', () => {
    expect(slugFromImagePath(productImagePath('blue-lamp-2'))).toBe('blue-lamp-2');
    expect(slugFromImagePath('/images/products/../secret.svg')).toBeNull();
    expect(slugFromImagePath('/images/products/Blue.svg')).toBeNull();
    expect(slugFromImagePath('/images/products/blue.png')).toBeNull();
    expect(slugFromImagePath('/images/other/blue.svg')).toBeNull();
  });
});
