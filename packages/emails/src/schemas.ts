import { z } from 'zod';
import type { Address, Brand, CampaignCode, EmailTemplateName, EmailTemplates, OrderDiscount, OrderLine } from './types.js';

/** True for an absolute http(s) URL: the only kind of link a message may carry. */
export function isAbsoluteHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname.length > 0;
}

const absoluteUrl = z
  .string()
  .trim()
  .max(2048)
  .refine(isAbsoluteHttpUrl, { message: 'must be an absolute http(s) URL' });
const text = (max: number) => z.string().trim().min(1).max(max);
/** Integer minor units (cents); refunds and totals are never negative. */
const minorUnits = z.number().int().nonnegative();
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO-4217 code such as USD');
const isoDateTime = z.iso.datetime({ offset: true });
const orderNumber = text(64);
const personName = text(200);
const productName = text(300);

export const brandSchema = z.object({
  storeName: text(100),
  storefrontUrl: absoluteUrl,
  supportEmail: z.email().optional(),
}) satisfies z.ZodType<Brand>;

const addressSchema = z.object({
  name: personName,
  line1: text(200),
  line2: z.string().trim().max(200).nullish(),
  city: text(100),
  region: z.string().trim().max(100).nullish(),
  postalCode: text(32),
  country: text(64),
}) satisfies z.ZodType<Address>;

const orderLineSchema = z.object({
  name: productName,
  sku: text(100),
  quantity: z.number().int().positive(),
  unitPrice: minorUnits,
  lineTotal: minorUnits,
  discount: minorUnits.optional(),
}) satisfies z.ZodType<OrderLine>;

const orderDiscountSchema = z.object({
  name: text(200),
  code: text(40).nullable(),
  amount: minorUnits,
}) satisfies z.ZodType<OrderDiscount>;

/** A promotion code as a campaign shows it: letters, digits, - and _ (so it reads the same in every client). */
const campaignCodeSchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/, 'must be 3–40 letters, digits, - or _'),
  label: z.string().trim().max(100).nullish(),
  expiresAt: isoDateTime.nullish(),
}) satisfies z.ZodType<CampaignCode>;

/**
 * One zod schema per email template, for validating stored data before rendering (renderEmail and
 * renderSms validate with them too). Each parses to exactly the template's data type.
 */
export const emailDataSchemas = {
  welcome: z.object({ name: personName }),
  password_reset: z.object({ name: personName, resetUrl: absoluteUrl, expiresInMinutes: z.number().int().positive() }),
  password_changed: z.object({ name: personName, changedAt: isoDateTime, forgotPasswordUrl: absoluteUrl }),
  staff_invitation: z.object({ name: personName, role: text(64), acceptUrl: absoluteUrl, expiresAt: isoDateTime }),
  order_confirmation: z.object({
    name: personName.nullable(),
    orderNumber,
    orderUrl: absoluteUrl,
    currency,
    lines: z.array(orderLineSchema).min(1).max(500),
    subtotal: minorUnits,
    discount: minorUnits.optional(),
    discounts: z.array(orderDiscountSchema).max(20).optional(),
    shipping: minorUnits,
    tax: minorUnits,
    total: minorUnits,
    shippingAddress: addressSchema,
  }),
  payment_failed: z.object({ orderNumber, currency, total: minorUnits, cartUrl: absoluteUrl }),
  order_shipped: z.object({
    orderNumber,
    orderUrl: absoluteUrl,
    carrier: text(100).nullable(),
    trackingNumber: text(100).nullable(),
  }),
  order_delivered: z.object({ orderNumber, orderUrl: absoluteUrl }),
  order_cancelled: z.object({ orderNumber, orderUrl: absoluteUrl, currency, amountRefunded: minorUnits }),
  order_refunded: z.object({
    orderNumber,
    orderUrl: absoluteUrl,
    currency,
    amount: minorUnits,
    amountRefunded: minorUnits,
    total: minorUnits,
    full: z.boolean(),
  }),
  back_in_stock_confirm: z.object({ productName, confirmUrl: absoluteUrl }),
  back_in_stock: z.object({ productName, productUrl: absoluteUrl }),
  price_drop: z.object({ productName, productUrl: absoluteUrl, currency, oldPrice: minorUnits, newPrice: minorUnits }),
  abandoned_cart: z.object({
    name: personName.nullable(),
    cartUrl: absoluteUrl,
    currency,
    lines: z
      .array(z.object({ name: productName, quantity: z.number().int().positive(), unitPrice: minorUnits }))
      .min(1)
      .max(500),
    subtotal: minorUnits,
  }),
  campaign: z
    .object({
      subject: text(200),
      preview: z.string().trim().max(200).optional(),
      bodyMarkdown: text(100_000),
      ctaLabel: text(100).nullish(),
      ctaUrl: absoluteUrl.nullish(),
      code: campaignCodeSchema.nullish(),
    })
    .refine((data) => !data.ctaLabel === !data.ctaUrl, {
      message: 'ctaLabel and ctaUrl go together: give both or neither',
      path: ['ctaUrl'],
    }),
} satisfies { [K in EmailTemplateName]: z.ZodType<EmailTemplates[K]> };

/** emailDataSchemas[template], typed for one template (a lookup with a generic key loses that). */
export function emailDataSchema<T extends EmailTemplateName>(template: T): z.ZodType<EmailTemplates[T]> {
  return emailDataSchemas[template] as unknown as z.ZodType<EmailTemplates[T]>;
}

/** What a marketing email needs beyond its data. */
export const marketingOptionsSchema = z.object({ unsubscribeUrl: absoluteUrl });

/** Thrown by renderEmail / renderSms when the data (or brand) does not fit the template. */
export class TemplateDataError extends Error {
  constructor(
    readonly template: string,
    readonly issues: readonly { path: readonly PropertyKey[]; message: string }[],
  ) {
    super(
      `invalid data for template "${template}": ` +
        issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; '),
    );
    this.name = 'TemplateDataError';
  }
}

/** Parses `value` with `schema`, throwing a TemplateDataError that names the template and each bad field. */
export function parseTemplateData<T>(template: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new TemplateDataError(template, result.error.issues);
  return result.data;
}

/** Validates the brand and drops the storefront URL's trailing slash (links are built on it). */
export function parseBrand(template: string, brand: Brand): Brand {
  const parsed = parseTemplateData(template, brandSchema, brand);
  return { ...parsed, storefrontUrl: parsed.storefrontUrl.replace(/\/+$/, '') };
}
