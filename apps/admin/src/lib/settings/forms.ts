import { updateStoreSettingsInput, type UpdateStoreSettingsInput } from '@omnicart/contracts';
import { fieldErrorsOf } from '../forms';

/**
 * The settings form in the staff member's units (dollars, percent) ⇄ the API's (cents, decimal rates
 * 0..1). Parsed as strings so no float rounding touches a cent or a rate; validated with the same
 * schema orders validates the request with (@omnicart/contracts).
 */

export interface TaxRow {
  country: string;
  /** Percent, as typed ("7.25"). */
  percent: string;
}

/** What the form holds, as typed. */
export interface SettingsFormValues {
  storeName: string;
  timeZone: string;
  shippingFlat: string;
  freeShippingThreshold: string;
  defaultTaxPercent: string;
  taxRows: TaxRow[];
  version: string;
}

/** The form field each API field is shown next to. */
const FIELD_OF: Record<string, string> = {
  shippingFlatCents: 'shippingFlat',
  freeShippingThresholdCents: 'freeShippingThreshold',
  defaultTaxRate: 'defaultTaxPercent',
};

/** An API field path (`taxRates.1.country`) → the form's field key (`taxRows.1.country`). */
export function formFieldOf(path: string): string {
  const tax = /^taxRates\.(\d+)\.(country|rate)$/.exec(path);
  if (tax) return `taxRows.${tax[1]}.${tax[2] === 'rate' ? 'percent' : 'country'}`;
  if (path === 'taxRates') return 'taxRows';
  return FIELD_OF[path] ?? path;
}

/** "4.99" → 499; null when it is not an amount of dollars and cents. */
export function centsOf(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/^\$/, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 499 → "4.99" */
export function dollarsOf(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** "7.25" (percent) → 0.0725; null unless 0..100 with at most 4 decimals (6 as a rate). */
export function rateOfPercent(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) return null;
  const ppm = Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
  if (ppm > 1_000_000) return null;
  return ppm / 1_000_000;
}

/** 0.0725 → "7.25" */
export function percentOf(rate: number): string {
  const ppm = Math.round(rate * 1_000_000);
  const whole = Math.floor(ppm / 10_000);
  const fraction = String(ppm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export function formValuesOf(settings: {
  storeName: string;
  timeZone: string;
  shippingFlatCents: number;
  freeShippingThresholdCents: number;
  defaultTaxRate: number;
  taxRates: { country: string; rate: number }[];
  version: number;
}): SettingsFormValues {
  return {
    storeName: settings.storeName,
    timeZone: settings.timeZone,
    shippingFlat: dollarsOf(settings.shippingFlatCents),
    freeShippingThreshold: dollarsOf(settings.freeShippingThresholdCents),
    defaultTaxPercent: percentOf(settings.defaultTaxRate),
    taxRows: settings.taxRates.map((entry) => ({ country: entry.country, percent: percentOf(entry.rate) })),
    version: String(settings.version),
  };
}

export type ParsedSettings = { ok: true; input: UpdateStoreSettingsInput } | { ok: false; fieldErrors: Record<string, string> };

/** The typed values → the API's input, or the messages to show next to each field. */
export function parseSettingsForm(values: SettingsFormValues): ParsedSettings {
  const errors: Record<string, string> = {};
  const money = (field: 'shippingFlat' | 'freeShippingThreshold', label: string): number => {
    const cents = centsOf(values[field]);
    if (cents === null) errors[field] = `Enter the ${label} in dollars, like 4.99`;
    return cents ?? 0;
  };
  const shippingFlatCents = money('shippingFlat', 'flat shipping rate');
  const freeShippingThresholdCents = money('freeShippingThreshold', 'free-shipping threshold');
  const defaultTaxRate = rateOfPercent(values.defaultTaxPercent);
  if (defaultTaxRate === null) errors.defaultTaxPercent = 'Enter a percentage between 0 and 100 with at most 4 decimals, like 7.25';
  const taxRates = values.taxRows.map((row, index) => {
    const rate = rateOfPercent(row.percent);
    if (rate === null) errors[`taxRows.${index}.percent`] = 'Enter a percentage between 0 and 100 with at most 4 decimals';
    return { country: row.country.trim().toUpperCase(), rate: rate ?? 0 };
  });
  const version = Number(values.version);
  const candidate = {
    storeName: values.storeName,
    timeZone: values.timeZone,
    shippingFlatCents,
    freeShippingThresholdCents,
    defaultTaxRate: defaultTaxRate ?? 0,
    taxRates,
    version: Number.isInteger(version) ? version : 0,
  };
  const parsed = updateStoreSettingsInput.safeParse(candidate);
  if (!parsed.success) {
    for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error))) errors[formFieldOf(path)] ??= message;
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, fieldErrors: errors };
  return { ok: true, input: parsed.data };
}

/** The API's 400 message ("timeZone: …; taxRates.1.country: …") → messages next to the form's fields. */
export function fieldErrorsOfMessage(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z]+(?:\.\d+(?:\.[A-Za-z]+)?)?): (.+)$/.exec(part.trim());
    if (match) errors[formFieldOf(match[1]!)] ??= match[2]!;
  }
  return errors;
}
