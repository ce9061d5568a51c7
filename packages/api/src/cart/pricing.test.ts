import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PricedProduct } from './clients.js';
import { lineIssue, priceLines } from './pricing.js';

const A = '30000000-0000-4000-8000-00000000000a';
const B = '30000000-0000-4000-8000-00000000000b';
const C = '30000000-0000-4000-8000-00000000000c';

function product(overrides: Partial<PricedProduct> = {}): PricedProduct {
  return {
    id: A,
    sku: 'SKU-A',
    slug: 'product-a',
    name: 'Product A',
    priceAmount: 1_250,
    currency: 'USD',
    status: 'active',
    image: '/images/products/product-a.svg',
    inStock: true,
    available: 10,
    maxPerOrder: null,
    maxPerCustomer: null,
    categoryId: randomUUID(),
    ...overrides,
  };
}

const line = (productId: string, quantity: number) => ({ productId, quantity, addedAt: '2026-01-01T00:00:00.000Z' });

describe('lineIssue', () => {
  it('flags unknown and draft products as unavailable, archived as archived', () => {
    expect(lineIssue(undefined, 1)).toBe('unavailable');
    expect(lineIssue(product({ status: 'draft' }), 1)).toBe('unavailable');
    expect(lineIssue(product({ status: 'archived' }), 1)).toBe('archived');
  });

  it('flags a product that ran out, and one with fewer units available than the line wants', () => {
    expect(lineIssue(product({ inStock: false, available: 0 }), 1)).toBe('out_of_stock');
    expect(lineIssue(product({ available: 0 }), 1)).toBe('out_of_stock');
    expect(lineIssue(product({ available: 2 }), 3)).toBe('insufficient_stock');
  });

  it('lets an active product with enough stock through, down to exactly the units available', () => {
    expect(lineIssue(product({ available: 3 }), 3)).toBeNull();
  });
});

describe('priceLines', () => {
  it('prices lines with current catalog prices and totals only the purchasable ones', () => {
    const priced = priceLines(
      [line(A, 2), line(B, 1), line(C, 4)],
      [product({ id: A, priceAmount: 1_000 }), product({ id: B, priceAmount: 700, status: 'archived' }), product({ id: C, priceAmount: 300, available: 3 })],
    );
    expect(priced.items.map((item) => [item.productId, item.unitPrice, item.lineTotal, item.issue])).toEqual([
      [A, 1_000, 2_000, null],
      [B, 700, 700, 'archived'],
      [C, 300, 1_200, 'insufficient_stock'],
    ]);
    expect(priced.subtotal).toBe(2_000);
    expect(priced.itemCount).toBe(2);
    expect(priced.currency).toBe('USD');
  });

  it('keeps a line whose product catalog no longer knows, flagged and priced at 0', () => {
    const priced = priceLines([line(A, 1)], []);
    expect(priced.items).toEqual([
      { productId: A, sku: '', name: 'Unavailable product', slug: '', image: null, unitPrice: 0, quantity: 1, lineTotal: 0, available: 0, maxQuantity: 99, issue: 'unavailable' },
    ]);
    expect(priced.subtotal).toBe(0);
    expect(priced.itemCount).toBe(0);
  });

  it('keeps the order of the stored lines', () => {
    const priced = priceLines([line(C, 1), line(A, 1)], [product({ id: A }), product({ id: C })]);
    expect(priced.items.map((item) => item.productId)).toEqual([C, A]);
  });
});
