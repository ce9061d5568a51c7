import { describe, expect, it } from 'vitest';
import { centsOf, dollarsOf, fieldErrorsOfMessage, formValuesOf, parseSettingsForm, percentOf, rateOfPercent, type SettingsFormValues } from './forms';

const saved = {
  storeName: 'OmniCart',
  timeZone: 'America/New_York',
  shippingFlatCents: 499,
  freeShippingThresholdCents: 5_000,
  defaultTaxRate: 0,
  taxRates: [
    { country: 'CA', rate: 0.13 },
    { country: 'US', rate: 0.0725 },
  ],
  version: 3,
};

describe('settings form units', () => {
  it('turns dollars into cents and percent into rates without float rounding', () => {
    expect(centsOf('4.99')).toBe(499);
    expect(centsOf('$50')).toBe(5_000);
    expect(centsOf('0.1')).toBe(10);
    expect(centsOf('4.999')).toBeNull();
    expect(centsOf('-1')).toBeNull();
    expect(dollarsOf(499)).toBe('4.99');
    expect(dollarsOf(5_000)).toBe('50.00');
    expect(rateOfPercent('7.25')).toBe(0.0725);
    expect(rateOfPercent('19 %')).toBe(0.19);
    expect(rateOfPercent('100')).toBe(1);
    expect(rateOfPercent('100.5')).toBeNull();
    expect(rateOfPercent('7.12345')).toBeNull();
    expect(percentOf(0.0725)).toBe('7.25');
    expect(percentOf(0.2)).toBe('20');
    expect(percentOf(0.123456)).toBe('12.3456');
  });

  it('round-trips the saved settings through the form', () => {
    const parsed = parseSettingsForm(formValuesOf(saved));
    expect(parsed).toEqual({ ok: true, input: saved });
  });

  it('names the bad fields the way the form shows them', () => {
    const values: SettingsFormValues = {
      ...formValuesOf(saved),
      storeName: '  ',
      timeZone: 'Mars/Olympus',
      shippingFlat: 'four',
      defaultTaxPercent: '150',
      taxRows: [
        { country: 'usa', percent: '5' },
        { country: 'CA', percent: 'x' },
        { country: 'CA', percent: '5' },
      ],
    };
    const parsed = parseSettingsForm(values);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fieldErrors).sort()).toEqual(
      ['defaultTaxPercent', 'shippingFlat', 'storeName', 'taxRows.0.country', 'taxRows.1.percent', 'taxRows.2.country', 'timeZone'].sort(),
    );
    expect(parsed.fieldErrors['taxRows.2.country']).toBe('CA is listed twice');
  });

  it('reads the service’s 400 message into field messages', () => {
    expect(fieldErrorsOfMessage('timeZone: the database does not know the time zone "X/Y"; taxRates.1.rate: A tax rate has at most 6 decimals; shippingFlatCents: Flat shipping cannot be negative')).toEqual({
      timeZone: 'the database does not know the time zone "X/Y"',
      'taxRows.1.percent': 'A tax rate has at most 6 decimals',
      shippingFlat: 'Flat shipping cannot be negative',
    });
  });
});
