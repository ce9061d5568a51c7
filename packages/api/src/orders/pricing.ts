import { DomainError } from '../runtime/errors.js';

/**
 * Shipping and tax rules, pure and configurable (SHIPPING_FLAT_CENTS, FREE_SHIPPING_THRESHOLD_CENTS,
 * TAX_RATES, DEFAULT_TAX_RATE):
 * - shipping: a flat rate per order, free when the subtotal (before discounts) is at or above the
 *   threshold — a code never costs the shopper the free shipping they had reached;
 * - discounts (promotions) lower the lines and may waive the shipping: total = subtotal - discount
 *   + shipping + tax, and since no discount takes a line below zero, the total never drops below
 *   the shipping still owed plus its tax;
 * - tax: the destination country's rate applied to what is actually charged, (subtotal - line
 *   discounts) + (shipping - shipping waived) — shipping is taxable, as for EU VAT and most US
 *   states, and a merchant's discount lowers the taxable amount in every country we tax (US sales
 *   tax on the discounted price; EU VAT on the consideration actually received) — rounded
 *   half-up to the cent.
 * Rates are held as integer parts-per-million so no float ever touches a cent.
 */
export interface PricingRules {
  shippingFlatCents: number;
  freeShippingThresholdCents: number;
  /** ISO-2 country → rate in parts per million (0.0725 → 72_500). */
  taxRatesPpm: ReadonlyMap<string, number>;
  defaultTaxRatePpm: number;
}

export interface PricedLine {
  unitPrice: number;
  quantity: number;
}

export interface OrderTotals {
  subtotal: number;
  /** Line discounts + shipping waived (0 without promotions). */
  discount: number;
  shipping: number;
  tax: number;
  total: number;
}

const PPM = 1_000_000;

/** "0.0725" → 72_500 without floating point; at most 6 decimals, within [0, 1]. */
export function parseRatePpm(text: string): number {
  const match = /^(0|1)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new Error(`Invalid tax rate "${text}": use a decimal between 0 and 1 with at most 6 decimals`);
  const ppm = Number(match[1]) * PPM + Number((match[2] ?? '').padEnd(6, '0'));
  if (ppm > PPM) throw new Error(`Invalid tax rate "${text}": above 1`);
  return ppm;
}

/** "US:0.0725,DE:0.19" → Map { US → 72_500, DE → 190_000 }. Throws on a malformed entry (fail fast at start). */
export function parseTaxRates(spec: string): Map<string, number> {
  const rates = new Map<string, number>();
  for (const entry of spec.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [country, rate, extra] = entry.split(':');
    if (!country || rate === undefined || extra !== undefined || !/^[A-Z]{2}$/.test(country.trim())) {
      throw new Error(`Invalid TAX_RATES entry "${entry}": use CC:rate, e.g. US:0.0725`);
    }
    rates.set(country.trim(), parseRatePpm(rate));
  }
  return rates;
}

export function pricingRulesFromEnv(env: {
  SHIPPING_FLAT_CENTS: number;
  FREE_SHIPPING_THRESHOLD_CENTS: number;
  TAX_RATES: string;
  DEFAULT_TAX_RATE: number;
}): PricingRules {
  return {
    shippingFlatCents: env.SHIPPING_FLAT_CENTS,
    freeShippingThresholdCents: env.FREE_SHIPPING_THRESHOLD_CENTS,
    taxRatesPpm: parseTaxRates(env.TAX_RATES),
    defaultTaxRatePpm: Math.round(env.DEFAULT_TAX_RATE * PPM),
  };
}

/** amount × ppm / 1e6 rounded half-up (amounts are non-negative cents). */
export function applyRateHalfUp(amountCents: number, ratePpm: number): number {
  return Math.floor((amountCents * ratePpm + PPM / 2) / PPM);
}

export function shippingFor(subtotal: number, rules: PricingRules): number {
  return subtotal >= rules.freeShippingThresholdCents ? 0 : rules.shippingFlatCents;
}

export function taxRatePpmFor(country: string, rules: PricingRules): number {
  return rules.taxRatesPpm.get(country) ?? rules.defaultTaxRatePpm;
}

/** What promotions took off: the lines (in all) and the shipping waived. */
export interface AppliedDiscounts {
  lines: number;
  shipping: number;
}

export const NO_DISCOUNT: AppliedDiscounts = { lines: 0, shipping: 0 };

export function subtotalOf(lines: readonly PricedLine[]): number {
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  if (!Number.isSafeInteger(subtotal)) throw new DomainError('VALIDATION_FAILED', 'Order total is too large');
  return subtotal;
}

export function computeTotals(lines: readonly PricedLine[], country: string, rules: PricingRules, discounts: AppliedDiscounts = NO_DISCOUNT): OrderTotals {
  const subtotal = subtotalOf(lines);
  const shipping = shippingFor(subtotal, rules);
  // Never more than there is to take (promotions guarantee it; this keeps the arithmetic safe regardless).
  const lineDiscount = Math.min(Math.max(discounts.lines, 0), subtotal);
  const shippingDiscount = Math.min(Math.max(discounts.shipping, 0), shipping);
  const taxable = subtotal - lineDiscount + (shipping - shippingDiscount);
  const tax = applyRateHalfUp(taxable, taxRatePpmFor(country, rules));
  const discount = lineDiscount + shippingDiscount;
  return { subtotal, discount, shipping, tax, total: subtotal - discount + shipping + tax };
}
