import { z } from 'zod';
import { text } from '@omnicart/contracts';
import { DISCOUNT_TYPES, REFUSAL_REASONS, SCOPES } from './models/discount.js';

/**
 * The request and response shapes of promotions: the tRPC validators and the OpenAPI source.
 * Unknown fields are ignored (zod objects strip them).
 */

export const PROMOTION_KINDS = ['code', 'automatic'] as const;
export const PROMOTION_STATES = ['active', 'scheduled', 'expired', 'inactive'] as const;
export type PromotionState = (typeof PROMOTION_STATES)[number];

/** Most unique codes one generation makes (a campaign of a few thousand recipients). */
export const MAX_CODES_PER_BATCH = 10_000;
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,39}$/;

const uuid = z.uuid();
const code = text()
  .trim()
  .min(3, { message: 'A code has 3–40 characters' })
  .max(40, { message: 'A code has 3–40 characters' })
  .transform((value) => value.toUpperCase())
  .refine((value) => CODE_PATTERN.test(value), { message: 'A code uses letters, digits, - and _ only (3–40 characters, starting with a letter or digit)' })
  .meta({ example: 'SUMMER15', description: 'Case-insensitive and trimmed (stored upper-cased)' });

/** "2026-12-24T00:00" (store time, STORE_TIMEZONE) or an ISO 8601 instant with an offset. */
const storeDateTime = text()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(value) && !Number.isNaN(Date.parse(value.length === 16 ? `${value}:00Z` : value)), {
    message: 'a date and time such as 2026-12-24T00:00 (store time) or an ISO 8601 instant such as 2026-12-24T05:00:00Z',
  })
  .meta({ example: '2026-12-24T00:00', description: 'Store time (STORE_TIMEZONE) without an offset, or an instant with Z / ±hh:mm' });

const percentOff = z
  .number()
  .min(0.01, { message: 'percentOff: between 0.01 and 100' })
  .max(100, { message: 'percentOff: between 0.01 and 100' })
  .refine((value) => Number.isInteger(Math.round(value * 100)) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, { message: 'percentOff: at most two decimals' })
  .meta({ example: 15 });
const amountOff = z.number().int().min(1, { message: 'amountOff: at least 1 cent' }).max(100_000_000).meta({ example: 1000, description: 'Cents' });
const limit = z.number().int().min(1).max(1_000_000);

const promotionFields = {
  name: text().trim().min(1, { message: 'name is required' }).max(120, { message: 'name: at most 120 characters' }).meta({ example: 'Summer 15 % off' }),
  discountType: z.enum(DISCOUNT_TYPES),
  percentOff: percentOff.nullable().optional().describe('percent: the percentage off (0.01–100, two decimals)'),
  amountOff: amountOff.nullable().optional().describe('fixed: cents off'),
  scope: z.enum(SCOPES).default('order').describe('order: every line; categories / products: only lines of those (a category includes its subcategories)'),
  categoryIds: z.array(uuid).max(200).default([]),
  productIds: z.array(uuid).max(1_000).default([]),
  minSubtotal: z.number().int().min(0).max(100_000_000).default(0).describe('Cents the eligible lines must reach before discounts'),
  startsAt: storeDateTime.nullable().optional(),
  endsAt: storeDateTime.nullable().optional(),
  usageLimit: limit.nullable().optional().describe('Redemptions in all (null: no limit)'),
  perCustomerLimit: limit.nullable().optional().describe('Redemptions per customer (an account, or a guest e-mail; null: no limit)'),
  active: z.boolean().default(true),
};

export const createPromotionInput = z
  .object({
    kind: z.enum(PROMOTION_KINDS).describe('code: redeemed with a code; automatic: applies by itself (the best one wins)'),
    ...promotionFields,
    code: code.optional().describe('kind code: one shared code (generate unique ones with POST /promotions/{id}/codes)'),
  })
  .meta({ example: { kind: 'code', name: 'Summer 15 % off', discountType: 'percent', percentOff: 15, code: 'SUMMER15', minSubtotal: 5000, usageLimit: 500, perCustomerLimit: 1 } });
export type CreatePromotionInput = z.output<typeof createPromotionInput>;

export const updatePromotionInput = z
  .object({
    id: uuid,
    name: promotionFields.name.optional(),
    percentOff: promotionFields.percentOff,
    amountOff: promotionFields.amountOff,
    scope: z.enum(SCOPES).optional(),
    categoryIds: z.array(uuid).max(200).optional(),
    productIds: z.array(uuid).max(1_000).optional(),
    minSubtotal: z.number().int().min(0).max(100_000_000).optional(),
    startsAt: promotionFields.startsAt,
    endsAt: promotionFields.endsAt,
    usageLimit: promotionFields.usageLimit,
    perCustomerLimit: promotionFields.perCustomerLimit,
    active: z.boolean().optional(),
  })
  .meta({ example: { id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', active: false } });
export type UpdatePromotionInput = z.output<typeof updatePromotionInput>;

export const promotionStatsSchema = z.object({
  redemptions: z.number().int().describe('Paid orders that used it'),
  reserved: z.number().int().describe('Checkouts holding it now (not paid yet)'),
  revenue: z.number().int().describe('Cents: the paid orders’ totals'),
  discountCost: z.number().int().describe('Cents it took off paid orders'),
});

export const promotionSchema = z
  .object({
    id: uuid,
    kind: z.enum(PROMOTION_KINDS),
    name: z.string(),
    discountType: z.enum(DISCOUNT_TYPES),
    percentOff: z.number().nullable(),
    amountOff: z.number().int().nullable(),
    scope: z.enum(SCOPES),
    categoryIds: z.array(z.string()),
    productIds: z.array(z.string()),
    minSubtotal: z.number().int(),
    startsAt: z.string().nullable().describe('ISO 8601 instant'),
    endsAt: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    used: z.number().int().describe('Redemptions reserved or paid'),
    active: z.boolean(),
    state: z.enum(PROMOTION_STATES).describe('active now, scheduled (starts later), expired (ended), inactive (deactivated)'),
    code: z.string().nullable().describe('The shared code, if any'),
    codeCount: z.number().int().describe('Codes in all (shared + generated)'),
    label: z.string().describe('What the shopper sees, e.g. "15 % off" or "Free shipping"'),
    stats: promotionStatsSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Promotion' });
export type PromotionDto = z.infer<typeof promotionSchema>;

export const listPromotionsInput = z.object({
  q: text().trim().max(100).optional().describe('Name or code contains (case-insensitive)'),
  kind: z.enum(PROMOTION_KINDS).optional(),
  state: z.enum(PROMOTION_STATES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListPromotionsInput = z.output<typeof listPromotionsInput>;
export const promotionPageSchema = z.object({ items: z.array(promotionSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type PromotionPage = z.infer<typeof promotionPageSchema>;

export const promotionIdInput = z.object({ id: uuid });

export const generateCodesInput = z
  .object({
    id: uuid,
    count: z.number().int().min(1).max(MAX_CODES_PER_BATCH, { message: `count: at most ${MAX_CODES_PER_BATCH} codes at a time` }),
    prefix: text()
      .trim()
      .max(12)
      .transform((value) => value.toUpperCase())
      .refine((value) => value === '' || /^[A-Z0-9]+$/.test(value), { message: 'prefix: letters and digits only' })
      .default(''),
  })
  .meta({ example: { id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', count: 500, prefix: 'XMAS' } });
export const codeBatchSchema = z.object({ batchId: uuid, count: z.number().int(), codes: z.array(z.string()).describe('The new codes (single-use each)') });
export type CodeBatchDto = z.infer<typeof codeBatchSchema>;

export const codeSchema = z.object({ code: z.string(), batchId: z.string().nullable(), usageLimit: z.number().int().nullable(), used: z.number().int(), createdAt: z.string() });
export const listCodesInput = z.object({
  id: uuid,
  batchId: uuid.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const codePageSchema = z.object({ items: z.array(codeSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const exportCodesInput = z.object({ id: uuid, batchId: uuid.optional() });
export const codesCsvSchema = z.object({
  filename: z.string(),
  contentType: z.literal('text/csv'),
  csv: z.string().describe('code,batch_id,usage_limit,used,created_at (CRLF line ends)'),
});

// ---------------------------------------------------------------------------------------------
// Evaluation and redemption (orders' checkout and quote)

const lineInput = z.object({
  productId: uuid,
  categoryId: uuid.nullable(),
  unitPrice: z.number().int().min(0),
  quantity: z.number().int().min(1).max(999),
});
const evaluationInput = {
  lines: z.array(lineInput).min(1).max(200),
  shipping: z.number().int().min(0).describe('The shipping the order owes before discounts (cents)'),
  code: text().trim().max(64).optional().describe('The code the shopper entered (case-insensitive)'),
  customerKey: text().max(320).nullable().describe('`customer:<id>` or `guest:<e-mail>`; null when unknown yet (per-customer limits are then checked at checkout)'),
};
export const evaluateInput = z.object(evaluationInput);
export type EvaluateInput = z.output<typeof evaluateInput>;
export const reserveInput = z.object({ orderId: uuid, ...evaluationInput, customerKey: text().min(1).max(320) });
export type ReserveInput = z.output<typeof reserveInput>;

const lineAmount = z.object({ productId: z.string(), amount: z.number().int() });
export const appliedSchema = z.object({
  promotionId: z.string(),
  name: z.string(),
  kind: z.enum(PROMOTION_KINDS),
  code: z.string().nullable(),
  discountType: z.enum(DISCOUNT_TYPES),
  label: z.string(),
  amount: z.number().int().describe('Cents in all: merchandise + shipping waived'),
  shippingAmount: z.number().int(),
  lines: z.array(lineAmount),
});
export type AppliedDto = z.infer<typeof appliedSchema>;
export const codeRefusalSchema = z.object({ code: z.string(), reason: z.enum(REFUSAL_REASONS), message: z.string() });
export type CodeRefusalDto = z.infer<typeof codeRefusalSchema>;
export const evaluationSchema = z.object({
  discount: z.number().int().describe('Cents off the order: lines + shipping'),
  shippingDiscount: z.number().int(),
  lines: z.array(lineAmount).describe('Per line, every promotion’s part'),
  applied: z.array(appliedSchema),
  codeRefusal: codeRefusalSchema.nullable().describe('Why the code given does not apply (the order is priced without it)'),
});
export type EvaluationDto = z.infer<typeof evaluationSchema>;

export const orderRefInput = z.object({ orderId: uuid });
export const redemptionStateSchema = z.object({ orderId: z.string(), state: z.enum(['reserved', 'committed', 'released', 'none']) });

// ---------------------------------------------------------------------------------------------
// Storefront: the automatic promotions running now (badges on product and listing pages)

export const livePromotionSchema = z.object({
  id: z.string(),
  name: z.string(),
  label: z.string().describe('e.g. "10 % off", "$5.00 off", "Free shipping"'),
  discountType: z.enum(DISCOUNT_TYPES),
  scope: z.enum(SCOPES),
  categoryIds: z.array(z.string()).describe('With scope categories: these and their subcategories'),
  productIds: z.array(z.string()),
  minSubtotal: z.number().int(),
  endsAt: z.string().nullable(),
});
export type LivePromotionDto = z.infer<typeof livePromotionSchema>;
export const livePromotionsSchema = z.object({ items: z.array(livePromotionSchema) });

// ---------------------------------------------------------------------------------------------
// Campaigns (notifications): the promotion a campaign carries, codes per recipient, its results

/** Most recipients one assignCodes call takes (notifications sends in pages of 500). */
export const MAX_RECIPIENTS_PER_ASSIGNMENT = 1_000;

export const campaignPromotionInput = z.object({ promotionId: uuid });
export const campaignPromotionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROMOTION_KINDS),
  label: z.string().describe('e.g. "10 % off"'),
  state: z.enum(PROMOTION_STATES),
  code: z.string().nullable().describe('The shared code, when the promotion has one'),
  endsAt: z.string().nullable(),
});
export type CampaignPromotionDto = z.infer<typeof campaignPromotionSchema>;
export const campaignPromotionListSchema = z.object({ items: z.array(campaignPromotionSchema) });

const recipientKey = text().trim().min(1).max(320);
export const assignCodesInput = z.object({
  promotionId: uuid,
  campaignId: uuid,
  recipientKeys: z.array(recipientKey).min(1).max(MAX_RECIPIENTS_PER_ASSIGNMENT),
});
export type AssignCodesInput = z.output<typeof assignCodesInput>;
export const assignedCodesSchema = z.object({
  codes: z.array(z.object({ recipientKey: z.string(), code: z.string() })).describe('One single-use code per recipient key, the same on every call'),
});
export type AssignedCodesDto = z.infer<typeof assignedCodesSchema>;

export const campaignStatsInput = z.object({
  campaigns: z
    .array(
      z.object({
        campaignId: uuid,
        /** Shared-code campaigns: the code, and when the campaign started going out. */
        sharedCode: text().trim().max(64).nullable().optional(),
        since: z.iso.datetime({ offset: true }).nullable().optional(),
      }),
    )
    .max(100),
});
export type CampaignStatsInput = z.output<typeof campaignStatsInput>;
export const campaignResultsSchema = z.object({
  items: z.array(
    z.object({
      campaignId: z.string(),
      redemptions: z.number().int().describe('Paid orders that used a code of the campaign'),
      revenue: z.number().int().describe('Their totals (cents)'),
      discountCost: z.number().int().describe('What the campaign’s codes took off them (cents)'),
    }),
  ),
});
export type CampaignResultsDto = z.infer<typeof campaignResultsSchema>;
