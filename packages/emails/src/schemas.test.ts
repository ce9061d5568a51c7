import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { emailDataSchemas, type EmailTemplateName, type EmailTemplates } from './index.js';
import { fixtures } from './test-support.js';

// Compile-time: every template's data type is what its schema takes, and what it gives back fits the template.
type SchemaInputs = { [K in EmailTemplateName]: z.input<(typeof emailDataSchemas)[K]> };
type SchemaOutputs = { [K in EmailTemplateName]: z.output<(typeof emailDataSchemas)[K]> };
const _takes: SchemaInputs = {} as EmailTemplates;
const _gives: EmailTemplates = {} as SchemaOutputs;

describe('emailDataSchemas', () => {
  it('has a schema for every template, and each accepts typical data unchanged', () => {
    const names = Object.keys(fixtures) as EmailTemplateName[];
    expect(Object.keys(emailDataSchemas).sort()).toEqual([...names].sort());
    for (const name of names) expect(emailDataSchemas[name].parse(fixtures[name])).toEqual(fixtures[name]);
  });

  it('accepts what a JSON round trip of stored data gives back', () => {
    const stored = JSON.parse(JSON.stringify(fixtures.order_confirmation));
    expect(emailDataSchemas.order_confirmation.safeParse(stored).success).toBe(true);
  });

  it('refuses amounts that are not integer minor units', () => {
    const result = emailDataSchemas.payment_failed.safeParse({ ...fixtures.payment_failed, total: 129.99 });
    expect(result.success).toBe(false);
    expect(emailDataSchemas.price_drop.safeParse({ ...fixtures.price_drop, newPrice: -1 }).success).toBe(false);
  });

  it('refuses relative and non-http links', () => {
    for (const resetUrl of ['/reset?token=1', 'javascript:alert(1)', 'ftp://shop.example.com/x', 'https://']) {
      expect(emailDataSchemas.password_reset.safeParse({ ...fixtures.password_reset, resetUrl }).success, resetUrl).toBe(false);
    }
  });

  it('refuses a lower-case or unknown-shaped currency and a date that is not ISO 8601', () => {
    expect(emailDataSchemas.order_cancelled.safeParse({ ...fixtures.order_cancelled, currency: 'usd' }).success).toBe(false);
    expect(emailDataSchemas.password_changed.safeParse({ ...fixtures.password_changed, changedAt: 'yesterday' }).success).toBe(false);
  });

  it('wants a campaign call to action whole: label and link together', () => {
    expect(emailDataSchemas.campaign.safeParse({ ...fixtures.campaign, ctaUrl: null }).success).toBe(false);
    expect(emailDataSchemas.campaign.safeParse({ ...fixtures.campaign, ctaLabel: undefined, ctaUrl: undefined }).success).toBe(true);
  });

  it('refuses an order without lines', () => {
    expect(emailDataSchemas.order_confirmation.safeParse({ ...fixtures.order_confirmation, lines: [] }).success).toBe(false);
  });
});
