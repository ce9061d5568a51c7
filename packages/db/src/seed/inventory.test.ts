import { describe, expect, it } from 'vitest';
import { generateCatalog } from './catalog.js';
import { demoStockFor } from './inventory.js';

describe('demo stock', () => {
  const skus = generateCatalog({ products: 2_400 }).products.map((p) => p.sku);

  it('is deterministic per SKU', () => {
    expect(skus.slice(0, 50).map((sku) => demoStockFor(sku))).toEqual(skus.slice(0, 50).map((sku) => demoStockFor(sku)));
  });

  it('gives most SKUs 5-150 units and about 5% none', () => {
    const stock = skus.map((sku) => demoStockFor(sku));
    const zero = stock.filter((n) => n === 0).length / stock.length;
    expect(zero).toBeGreaterThan(0.02);
    expect(zero).toBeLessThan(0.09);
    expect(stock.every((n) => n === 0 || (n >= 5 && n <= 150))).toBe(true);
    expect(new Set(stock).size).toBeGreaterThan(100);
  });
});
