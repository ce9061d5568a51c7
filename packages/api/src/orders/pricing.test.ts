import { describe, expect, it } from 'vitest';
import { applyRateHalfUp, computeTotals, parseRatePpm, parseTaxRates, pricingRulesFromEnv, type PricingRules } from './pricing.js';

const rules: PricingRules = pricingRulesFromEnv({
  SHIPPING_FLAT_CENTS: 499,
  FREE_SHIPPING_THRESHOLD_CENTS: 5_000,
  TAX_RATES: 'US:0.0725,DE:0.19',
  DEFAULT_TAX_RATE: 0,
});

describe('tax rates', () => {
  it('parses decimal rates into parts per million without floating point', () => {
    expect(parseRatePpm('0.0725')).toBe(72_500);
    expect(parseRatePpm('0.19')).toBe(190_000);
    expect(parseRatePpm('0')).toBe(0);
    expect(parseRatePpm('1')).toBe(1_000_000);
    expect(parseRatePpm('0.000001')).toBe(1);
  });

  it('rejects malformed rates and entries', () => {
    expect(() => parseRatePpm('1.5')).toThrow();
    expect(() => parseRatePpm('-0.1')).toThrow();
    expect(() => parseRatePpm('0.1234567')).toThrow();
    expect(() => parseTaxRates('US=0.07')).toThrow(/US=0.07/);
    expect(() => parseTaxRates('usa:0.07')).toThrow();
  });

  it('reads a country list', () => {
    expect([...parseTaxRates(' US:0.0725 , DE:0.19,')]).toEqual([
      ['US', 72_500],
      ['DE', 190_000],
    ]);
  });

  it('rounds half-up to the cent', () => {
    expect(applyRateHalfUp(100, 5_000)).toBe(1); // 0.5 → 1
    expect(applyRateHalfUp(100, 4_999)).toBe(0); // 0.4999 → 0
    expect(applyRateHalfUp(200, 72_500)).toBe(15); // 14.5 → 15
    expect(applyRateHalfUp(1_999, 72_500)).toBe(145); // 144.9275 → 145
    expect(applyRateHalfUp(0, 190_000)).toBe(0);
  });
});

describe('order totals', () => {
  it('charges flat shipping below the free-shipping threshold and taxes subtotal + shipping', () => {
    const totals = computeTotals([{ unitPrice: 1_000, quantity: 2 }], 'US', rules);
    // tax = (2000 + 499) × 0.0725 = 181.1775 → 181
    expect(totals).toEqual({ subtotal: 2_000, discount: 0, shipping: 499, tax: 181, total: 2_680 });
  });

  it('ships free at exactly the threshold and above', () => {
    expect(computeTotals([{ unitPrice: 5_000, quantity: 1 }], 'DE', rules)).toEqual({ subtotal: 5_000, discount: 0, shipping: 0, tax: 950, total: 5_950 });
    expect(computeTotals([{ unitPrice: 4_999, quantity: 1 }], 'DE', rules).shipping).toBe(499);
  });

  it('taxes what is charged after discounts: lines less their discount, shipping less what is waived', () => {
    // 2 000 - 300 off the lines = 1 700, + 499 shipping → tax 7.25 % of 2 199 = 159.43 → 159
    expect(computeTotals([{ unitPrice: 1_000, quantity: 2 }], 'US', rules, { lines: 300, shipping: 0 })).toEqual({
      subtotal: 2_000,
      discount: 300,
      shipping: 499,
      tax: 159,
      total: 2_000 - 300 + 499 + 159,
    });
    // Free shipping by a code: the shipping shown, then waived; tax on the lines only (19 % of 2 000).
    expect(computeTotals([{ unitPrice: 1_000, quantity: 2 }], 'DE', rules, { lines: 0, shipping: 499 })).toEqual({ subtotal: 2_000, discount: 499, shipping: 499, tax: 380, total: 2_380 });
  });

  it('keeps the free-shipping threshold on the subtotal before discounts, and never discounts below zero', () => {
    const atThreshold = computeTotals([{ unitPrice: 5_000, quantity: 1 }], 'US', rules, { lines: 1_000, shipping: 0 });
    expect(atThreshold).toMatchObject({ shipping: 0, discount: 1_000, total: 4_000 + 290 });
    // More than there is to take is capped: the total still owes the shipping and its tax.
    expect(computeTotals([{ unitPrice: 100, quantity: 1 }], 'US', rules, { lines: 500, shipping: 900 })).toEqual({ subtotal: 100, discount: 599, shipping: 499, tax: 0, total: 0 });
    expect(computeTotals([{ unitPrice: 100, quantity: 1 }], 'US', rules, { lines: 500, shipping: 0 })).toMatchObject({ discount: 100, total: 499 + 36 });
  });

  it('uses the default rate for countries without their own', () => {
    expect(computeTotals([{ unitPrice: 1_234, quantity: 3 }], 'BR', rules)).toEqual({ subtotal: 3_702, discount: 0, shipping: 499, tax: 0, total: 4_201 });
  });

  it('adds every line', () => {
    const totals = computeTotals(
      [
        { unitPrice: 999, quantity: 3 },
        { unitPrice: 1, quantity: 99 },
      ],
      'DE',
      rules,
    );
    expect(totals.subtotal).toBe(3_096);
    expect(totals.total).toBe(totals.subtotal + totals.shipping + totals.tax);
  });
});
