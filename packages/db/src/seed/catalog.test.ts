import { describe, expect, it } from 'vitest';
import { createPrng, generateCatalog, slugify } from './catalog.js';

describe('demo catalog generator', () => {
  it('is deterministic: the same options give byte-identical data', () => {
    const a = generateCatalog({ products: 300 });
    const b = generateCatalog({ products: 300 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('changes with the seed', () => {
    expect(generateCatalog({ products: 50, seed: 1 }).products[5]!.id).not.toBe(
      generateCatalog({ products: 50, seed: 2 }).products[5]!.id,
    );
  });

  it('builds a two-level tree of at least 20 leaf categories under about six top-level ones', () => {
    const { categories } = generateCatalog({ products: 10 });
    const tops = categories.filter((c) => c.parentId === null);
    const leaves = categories.filter((c) => c.parentId !== null);
    expect(tops.length).toBeGreaterThanOrEqual(5);
    expect(leaves.length).toBeGreaterThanOrEqual(20);
    const topIds = new Set(tops.map((c) => c.id));
    for (const leaf of leaves) expect(topIds.has(leaf.parentId!)).toBe(true);
    expect(new Set(categories.map((c) => c.slug)).size).toBe(categories.length);
  });

  it('generates 2,000+ realistic, unique, mostly active products with integer-cent prices', () => {
    const { products, categories } = generateCatalog();
    expect(products.length).toBeGreaterThanOrEqual(2_000);
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.slug)).size).toBe(products.length);
    const leafIds = new Set(categories.filter((c) => c.parentId).map((c) => c.id));
    expect(new Set(products.map((p) => p.categoryId)).size).toBe(leafIds.size);
    for (const p of products) {
      expect(Number.isInteger(p.priceAmount) && p.priceAmount > 0).toBe(true);
      expect(p.description.split('. ').length).toBeGreaterThanOrEqual(2);
      expect(p.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.images[0]!.url).toBe(`/images/products/${p.slug}.svg`);
    }
    const active = products.filter((p) => p.status === 'active').length;
    expect(active / products.length).toBeGreaterThan(0.85);
    expect(products.some((p) => p.status === 'draft')).toBe(true);
    expect(products[0]!.name).toBe('Sonora Wireless Bluetooth Headphones');
    expect(products.filter((p) => /Bluetooth/.test(p.name) && /Headphones/.test(p.name)).length).toBeGreaterThan(3);
  });

  it('has a PRNG in [0, 1) and a URL-safe slugify', () => {
    const random = createPrng(7);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(slugify('Cedar & Co Crème Tote — 20L')).toBe('cedar-and-co-creme-tote-20l');
  });
});
