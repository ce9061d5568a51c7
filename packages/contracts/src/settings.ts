import { z } from 'zod';
import { text } from './text.js';

/**
 * The store settings staff save in the admin (orders owns them: it prices and reports with them;
 * PUT /api/v1/settings). Browser-safe, so the admin validates its form with the same schema the
 * service validates the request with.
 */

/** An IANA zone name ("UTC", "America/New_York", "Etc/GMT+5"), not a bare offset. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** True for an IANA time zone name this runtime's Intl knows. */
export function isIanaTimeZone(value: string): boolean {
  if (!ZONE_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** True when `rate` × 1,000,000 is a whole number (at most 6 decimals: parts per million). */
export function hasAtMostSixDecimals(rate: number): boolean {
  const ppm = rate * 1_000_000;
  return Math.abs(ppm - Math.round(ppm)) < 1e-6;
}

export const STORE_NAME_MAX_LENGTH = 100;
/** A ceiling on the money fields (one million in cents), far above any flat rate or threshold. */
export const SETTINGS_MAX_CENTS = 100_000_000;
export const MAX_TAX_RATES = 250;

const cents = (label: string) =>
  z
    .number({ error: `${label} must be a number of cents` })
    .int(`${label} must be a whole number of cents`)
    .min(0, `${label} cannot be negative`)
    .max(SETTINGS_MAX_CENTS, `${label} must be at most ${SETTINGS_MAX_CENTS} cents`);

export const taxRateSchema = z
  .number({ error: 'Enter a rate between 0 and 1, such as 0.0725' })
  .min(0, 'A tax rate cannot be negative')
  .max(1, 'A tax rate is at most 1 (100 %)')
  .refine(hasAtMostSixDecimals, 'A tax rate has at most 6 decimals');

export const countryTaxRateSchema = z.object({
  country: text()
    .trim()
    .regex(/^[A-Z]{2}$/, 'Use a two-letter ISO country code in capitals, such as US or DE'),
  rate: taxRateSchema,
});

export const storeSettingsFields = z.object({
  storeName: text().trim().min(1, 'Enter the store name').max(STORE_NAME_MAX_LENGTH, `At most ${STORE_NAME_MAX_LENGTH} characters`),
  timeZone: text()
    .trim()
    .refine(isIanaTimeZone, 'Choose an IANA time zone such as America/New_York or Europe/Berlin'),
  shippingFlatCents: cents('Flat shipping'),
  freeShippingThresholdCents: cents('The free-shipping threshold'),
  defaultTaxRate: taxRateSchema,
  taxRates: z
    .array(countryTaxRateSchema)
    .max(MAX_TAX_RATES, `At most ${MAX_TAX_RATES} countries`)
    .superRefine((rates, ctx) => {
      const seen = new Set<string>();
      rates.forEach((entry, index) => {
        if (seen.has(entry.country)) ctx.addIssue({ code: 'custom', path: [index, 'country'], message: `${entry.country} is listed twice` });
        seen.add(entry.country);
      });
    }),
});
export type StoreSettingsFields = z.output<typeof storeSettingsFields>;

/** PUT /settings: every field, and the version the staff member read (409 when someone saved since). */
export const updateStoreSettingsInput = storeSettingsFields.extend({
  version: z.number().int().min(0).describe('The `version` read with the settings; a save made since then makes this one 409'),
});
export type UpdateStoreSettingsInput = z.output<typeof updateStoreSettingsInput>;
