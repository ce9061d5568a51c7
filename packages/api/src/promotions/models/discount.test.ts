import { describe, expect, it } from 'vitest';
import { computeDiscounts, normaliseCode, percentOf, refusalOf, spread, type OrderLine, type PromotionRule } from './discount.js';

const NOW = new Date('2026-12-05T12:00:00Z');
const ELECTRONICS = 'c0000000-0000-4000-8000-000000000001';
const HEADPHONES = 'c0000000-0000-4000-8000-000000000002';
const BOOKS = 'c0000000-0000-4000-8000-000000000003';
const ancestry = (id: string) => (id === HEADPHONES ? [HEADPHONES, ELECTRONICS] : [id]);

function rule(overrides: Partial<PromotionRule> = {}): PromotionRule {
  return {
    id: 'p1',
    name: 'Promo',
    kind: 'code',
    discountType: 'percent',
    value: 1000,
    scope: 'order',
    categoryIds: [],
    productIds: [],
    minSubtotal: 0,
    startsAt: null,
    endsAt: null,
    active: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}
const line = (productId: string, unitPrice: number, quantity = 1, categoryId: string | null = BOOKS): OrderLine => ({ productId, categoryId, unitPrice, quantity });
const withCode = (r: PromotionRule) => ({ rule: r, code: 'SAVE', codeId: 'k1' });
const discounts = (lines: OrderLine[], options: { code?: PromotionRule; automatic?: PromotionRule[]; shipping?: number } = {}) =>
  computeDiscounts({ lines, shipping: options.shipping ?? 500, automatic: options.automatic ?? [], code: options.code ? withCode(options.code) : null, now: NOW, ancestry });

describe('spread (largest remainder)', () => {
  it('splits so the parts add up to the whole, in proportion', () => {
    expect(spread(100, [100, 100, 100])).toEqual([34, 33, 33]);
    expect(spread(10, [333, 333, 334])).toEqual([3, 3, 4]);
    expect(spread(0, [5, 5])).toEqual([0, 0]);
  });
  it('never gives a line more than it has and caps the whole at the total', () => {
    expect(spread(1_000, [100, 50])).toEqual([100, 50]);
    const parts = spread(7, [1, 1, 1, 1, 100]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(7);
    parts.forEach((part, index) => expect(part).toBeLessThanOrEqual([1, 1, 1, 1, 100][index]!));
  });
});

describe('computeDiscounts', () => {
  it('takes a percentage that does not divide evenly, rounded once half-up and spread exactly', () => {
    // 15 % of 999 + 999 + 999 = 2 997 → 449.55 → 450, spread 150 / 150 / 150
    const outcome = discounts([line('a', 999), line('b', 999), line('c', 999)], { code: rule({ value: 1500 }) });
    expect(outcome.discount).toBe(450);
    expect(outcome.lineDiscounts).toEqual([150, 150, 150]);
    // 33.33 % of 1 000 split 1:2 → 333 as 111 + 222
    const third = discounts([line('a', 100, 1), line('b', 100, 9)], { code: rule({ value: 3333 }) });
    expect(third.discount).toBe(percentOf(1_000, 3333));
    expect(third.lineDiscounts.reduce((a, b) => a + b, 0)).toBe(third.discount);
    expect(third.lineDiscounts).toEqual([33, 300]);
  });

  it('applies a category code only to lines of that category or its subcategories', () => {
    const code = rule({ scope: 'categories', categoryIds: [ELECTRONICS], value: 2000 });
    const outcome = discounts([line('phones', 10_000, 1, HEADPHONES), line('book', 2_000, 1, BOOKS)], { code });
    expect(outcome.lineDiscounts).toEqual([2_000, 0]);
    expect(discounts([line('book', 2_000)], { code }).codeRefusal?.reason).toBe('not_applicable');
  });

  it('caps a fixed amount at the eligible lines and never takes a line below zero', () => {
    const outcome = discounts([line('a', 300), line('b', 200)], { code: rule({ discountType: 'fixed', value: 10_000 }) });
    expect(outcome.lineDiscounts).toEqual([300, 200]);
    expect(outcome.discount).toBe(500);
    expect(outcome.shippingDiscount).toBe(0); // shipping is still owed
  });

  it('waives shipping once for free-shipping promotions', () => {
    const free = rule({ discountType: 'free_shipping', value: 0 });
    const outcome = discounts([line('a', 1_000)], { code: free, shipping: 595 });
    expect(outcome).toMatchObject({ shippingDiscount: 595, discount: 595, lineDiscounts: [0] });
    const both = discounts([line('a', 1_000)], { code: free, automatic: [rule({ id: 'auto', kind: 'automatic', discountType: 'free_shipping' })], shipping: 595 });
    expect(both.shippingDiscount).toBe(595);
    expect(both.codeRefusal?.reason).toBe('not_applicable');
  });

  it('refuses a code below its minimum (eligible lines, before discounts), before its start and from its end', () => {
    expect(discounts([line('a', 4_999)], { code: rule({ minSubtotal: 5_000 }) }).codeRefusal).toMatchObject({ reason: 'minimum_not_met', message: expect.stringContaining('$0.01 more') });
    expect(discounts([line('a', 5_000)], { code: rule({ minSubtotal: 5_000 }) }).codeRefusal).toBeNull();
    expect(refusalOf(rule({ startsAt: new Date('2026-12-06T00:00:00Z') }), [line('a', 1)], NOW, ancestry)?.reason).toBe('not_started');
    expect(refusalOf(rule({ endsAt: NOW }), [line('a', 1)], NOW, ancestry)?.reason).toBe('expired');
    expect(refusalOf(rule({ active: false }), [line('a', 1)], NOW, ancestry)?.reason).toBe('inactive');
  });

  it('picks the best automatic promotion and stacks one code on what it leaves', () => {
    const tenOff = rule({ id: 'ten', kind: 'automatic', value: 1000 });
    const twentyOnBooks = rule({ id: 'twenty', kind: 'automatic', value: 2000, scope: 'categories', categoryIds: [BOOKS] });
    const lines = [line('a', 1_000, 1, HEADPHONES), line('b', 1_000, 1, BOOKS)];
    // 10 % of 2 000 = 200 equals 20 % of 1 000 = 200: the older promotion wins the tie.
    const tie = discounts(lines, { automatic: [{ ...twentyOnBooks, createdAt: new Date('2026-02-01') }, tenOff] });
    expect(tie.applied.map((a) => a.promotionId)).toEqual(['ten']);
    const stacked = discounts(lines, { automatic: [tenOff], code: rule({ discountType: 'fixed', value: 1_900 }) });
    expect(stacked.applied.map((a) => [a.kind, a.amount])).toEqual([
      ['automatic', 200],
      ['code', 1_800],
    ]);
    expect(stacked.lineDiscounts).toEqual([1_000, 1_000]);
  });

  it('normalises codes: trimmed, case-insensitive', () => {
    expect(normaliseCode('  summer10 ')).toBe('SUMMER10');
  });
});
