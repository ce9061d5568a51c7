import { DomainError } from '../runtime/errors.js';

/**
 * Shipping and tax rules, pure and configurable (SHIPPING_FLAT_CENTS, FREE_SHIPPING_THRESHOLD_CENTS,
 * TAX_RATES, DEFAULT_TAX_RATE):
 * - shipping: a flat rate per order, free when the subtotal is at or above the threshold;
 * - tax: the destination country's rate applied to subtotal + shipping (shipping is taxable, as
 *   for EU VAT and most US states), rounded half-up to the cent.
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

export function computeTotals(lines: readonly PricedLine[], country: string, rules: PricingRules): OrderTotals {
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  if (!Number.isSafeInteger(subtotal)) throw new DomainError('VALIDATION_FAILED', 'Order total is too large');
  const shipping = shippingFor(subtotal, rules);
  const tax = applyRateHalfUp(subtotal + shipping, taxRatePpmFor(country, rules));
  return { subtotal, shipping, tax, total: subtotal + shipping + tax };
}
