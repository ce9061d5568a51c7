import { z } from 'zod';
import { numberedPageSchema, pageNumberSchema, pageSizeSchema, text } from '@omnicart/contracts';

/**
 * The request and response shapes of notifications: the tRPC validators and the OpenAPI source.
 * Unknown fields are ignored (zod objects strip them).
 */

export const MESSAGE_STATE_VALUES = ['queued', 'sending', 'sent', 'failed', 'suppressed', 'bounced'] as const;
const E164 = /^\+[1-9]\d{6,14}$/;

// ---- preferences -------------------------------------------------------------------------------

export const preferencesSchema = z
  .object({
    email: z.string().meta({ description: 'Where e-mail goes (the account’s address)' }),
    marketingEmail: z.boolean().meta({ description: 'Offers, price drops, cart reminders and campaigns by e-mail (default off)' }),
    smsOptIn: z.boolean().meta({ description: 'Order updates by SMS (needs a phone number)' }),
    phone: z.string().nullable().meta({ description: 'E.164 mobile number, e.g. +14155550123' }),
  })
  .meta({ id: 'NotificationPreferences', example: { email: 'demo@omnicart.test', marketingEmail: true, smsOptIn: true, phone: '+14155550123' } });
export type PreferencesDto = z.infer<typeof preferencesSchema>;

export const updatePreferencesInput = z
  .object({
    marketingEmail: z.boolean({ message: 'marketingEmail must be true or false' }),
    smsOptIn: z.boolean({ message: 'smsOptIn must be true or false' }),
    phone: text()
      .trim()
      .max(32)
      .nullable()
      .optional()
      .transform((value) => (value ? value.replace(/[\s().-]/g, '') : null))
      .refine((value) => value === null || E164.test(value), { message: 'Phone must be an international number starting with + and the country code, e.g. +14155550123' })
      .meta({ description: 'E.164 (spaces, dots, dashes and brackets are ignored); null or empty removes it' }),
  })
  .refine((value) => !value.smsOptIn || value.phone !== null, { message: 'SMS needs a phone number', path: ['phone'] })
  .meta({ example: { marketingEmail: true, smsOptIn: true, phone: '+14155550123' } });
export type UpdatePreferencesInput = z.output<typeof updatePreferencesInput>;

export const customerPreferencesInput = z.object({ userId: z.uuid({ message: 'userId must be a UUID' }) });

// ---- unsubscribe -------------------------------------------------------------------------------

export const unsubscribeInput = z
  .object({
    token: text().trim().min(1, { message: 'token is required' }).max(300, { message: 'token is too long' }),
    campaignId: z.uuid({ message: 'campaignId must be a UUID' }).optional().describe('The campaign whose link it was (its stats count the unsubscribe)'),
  })
  .meta({ example: { token: 'u1.3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11.1.q2v7Yb4cX9mZ0aQwErTyUiOpAsDfGhJkLzXcVbNm123' } });

export const unsubscribeResultSchema = z
  .object({
    unsubscribed: z.literal(true),
    email: z.string().meta({ description: 'The address that will get no more marketing e-mail, masked (d***@omnicart.test)' }),
  })
  .meta({ id: 'UnsubscribeResult', example: { unsubscribed: true, email: 'd***@omnicart.test' } });
export type UnsubscribeResultDto = z.infer<typeof unsubscribeResultSchema>;

// ---- the delivery log --------------------------------------------------------------------------

/** A sent order confirmation: the schemas' example, and the base of the OpenAPI document's (openapi.ts). */
export const EXAMPLE_MESSAGE = {
  id: '0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87',
  channel: 'email',
  template: 'order_confirmation',
  kind: 'transactional',
  recipient: 'd***@omnicart.test',
  subject: 'Your order #1042 is confirmed',
  state: 'sent',
  attempts: 1,
  lastError: null,
  providerMessageId: '<0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87@omnicart.test>',
  eventId: '0193b7a3-1f00-7c2e-8a11-5d6e7f809a1b',
  eventType: 'orders.order_paid',
  userId: '8d1f7c9e-2b3a-4c5d-9e0f-1a2b3c4d5e6f',
  orderId: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11',
  resendOf: null,
  createdAt: '2026-12-07T14:05:09.120Z',
  updatedAt: '2026-12-07T14:05:09.480Z',
  sentAt: '2026-12-07T14:05:09.480Z',
  nextAttemptAt: null,
} as const;

export const messageSummarySchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    channel: z.enum(['email', 'sms']),
    template: z.string().meta({ description: 'What was sent: order_confirmation, order_shipped, password_reset, campaign, …' }),
    kind: z.enum(['transactional', 'marketing']),
    recipient: z.string().meta({ description: 'The address, masked in lists (d***@omnicart.test, +1******0123)' }),
    subject: z.string().nullable().meta({ description: 'E-mail subject (null for SMS)' }),
    state: z.enum(MESSAGE_STATE_VALUES).meta({
      description:
        '`queued` (waiting or between retries), `sending`, `sent` (the provider accepted it), `failed` (every attempt failed), `suppressed` (no consent or no channel: never sent), `bounced` (refused permanently: no retry)',
    }),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    eventId: z.string().meta({ description: 'The event that triggered it' }),
    eventType: z.string(),
    userId: z.string().nullable(),
    orderId: z.string().nullable(),
    resendOf: z.string().nullable().meta({ description: 'For a resend: the message it repeats' }),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z.string().meta({ format: 'date-time' }),
    sentAt: z.string().nullable().meta({ format: 'date-time' }),
    nextAttemptAt: z.string().nullable().meta({ format: 'date-time', description: 'When a queued message is tried next' }),
  })
  .meta({ id: 'MessageSummary', example: EXAMPLE_MESSAGE });
export type MessageSummaryDto = z.infer<typeof messageSummarySchema>;

export const messageDetailSchema = messageSummarySchema
  .extend({
    recipient: z.string().meta({ description: 'The full address' }),
    html: z.string().nullable().meta({ description: 'The HTML part as sent (null for SMS)' }),
    text: z.string().meta({ description: 'The plain-text part, or the SMS body' }),
    headers: z.record(z.string(), z.string()).nullable().meta({ description: 'Extra headers sent (List-Unsubscribe on marketing mail)' }),
  })
  .meta({ id: 'MessageDetail', example: { ...EXAMPLE_MESSAGE, recipient: 'demo@omnicart.test', html: '<!DOCTYPE html>…', text: 'Thank you for your order…', headers: null } });
export type MessageDetailDto = z.infer<typeof messageDetailSchema>;

const bound = (edge: 'from' | 'to') =>
  text()
    .trim()
    .max(64)
    .optional()
    .describe(edge === 'from' ? 'Created on or after: a day YYYY-MM-DD (UTC) or an ISO timestamp' : 'Created on or before: a day YYYY-MM-DD (that whole day, UTC) or an ISO timestamp');

export const listMessagesInput = z
  .object({
    state: z.enum(MESSAGE_STATE_VALUES).optional(),
    channel: z.enum(['email', 'sms']).optional(),
    template: text().trim().max(64).optional().describe('e.g. order_confirmation'),
    recipient: text().trim().max(320).optional().describe('Exact address (e-mail case-insensitive, or an E.164 number)'),
    userId: z.uuid({ message: 'userId must be a UUID' }).optional(),
    orderId: z.uuid({ message: 'orderId must be a UUID' }).optional(),
    from: bound('from'),
    to: bound('to'),
    page: pageNumberSchema.default(1),
    pageSize: pageSizeSchema.default(20),
  })
  .default({ page: 1, pageSize: 20 });
export type ListMessagesInput = z.output<typeof listMessagesInput>;

export const messagePageSchema = numberedPageSchema(messageSummarySchema).meta({ id: 'MessagePage' });
export type MessagePageDto = z.infer<typeof messagePageSchema>;

export const messageIdInput = z.object({ id: z.uuid({ message: 'id must be a UUID' }) });

// ---- alerts ------------------------------------------------------------------------------------

export const stockAlertInput = z
  .object({
    productId: z.uuid({ message: 'productId must be a UUID' }),
    email: z
      .email({ message: 'email: Enter a valid e-mail address' })
      .max(254)
      .optional()
      .meta({ description: 'Guests only (signed in, the account’s address is used); the alert starts once the address is confirmed' }),
  })
  .meta({ example: { productId: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10', email: 'shopper@example.com' } });

export const stockAlertResultSchema = z
  .object({
    productId: z.string().meta({ format: 'uuid' }),
    status: z.enum(['active', 'pending']).meta({ description: '`active`: the e-mail goes when it is back; `pending`: confirm the address with the link just e-mailed' }),
  })
  .meta({ id: 'StockAlertResult', example: { productId: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10', status: 'pending' } });

export const confirmStockAlertInput = z
  .object({ token: text().trim().min(1, { message: 'token is required' }).max(200, { message: 'token is too long' }) })
  .meta({ example: { token: 'Zp4m0x9Jm3d8ZP1s7u4Wc5rT6yH0aB2nE8fG1iL3oQ4' } });

export const confirmedStockAlertSchema = z
  .object({ productId: z.string().meta({ format: 'uuid' }), productName: z.string().nullable(), status: z.literal('active') })
  .meta({ id: 'ConfirmedStockAlert', example: { productId: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10', productName: 'Sonora Headphones', status: 'active' } });

export const productIdInput = z.object({ productId: z.uuid({ message: 'productId must be a UUID' }) });

export const priceWatchSchema = z
  .object({
    productId: z.string().meta({ format: 'uuid' }),
    productName: z.string().nullable(),
    productSlug: z.string().nullable(),
    referencePrice: z.number().int().meta({ description: 'Cents: an e-mail goes when the price falls below this (then it becomes the new reference)' }),
    currentPrice: z.number().int().nullable().meta({ description: 'Cents, as last known' }),
    currency: z.string(),
    createdAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({
    id: 'PriceWatch',
    example: {
      productId: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10',
      productName: 'Sonora Headphones',
      productSlug: 'sonora-headphones',
      referencePrice: 12999,
      currentPrice: 12999,
      currency: 'USD',
      createdAt: '2026-12-07T14:05:09.120Z',
    },
  });

export const priceWatchListSchema = z.object({ items: z.array(priceWatchSchema) }).meta({ id: 'PriceWatchList' });

// ---- campaigns ---------------------------------------------------------------------------------

export const segmentSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('all_opted_in') }),
    z.object({ kind: z.literal('bought_in_category'), categoryId: z.uuid({ message: 'categoryId must be a UUID' }) }),
    z.object({ kind: z.literal('no_order_in_days'), days: z.number().int().min(1, { message: 'days must be at least 1' }).max(3650, { message: 'days must be at most 3650' }) }),
    z.object({ kind: z.literal('spent_at_least'), amount: z.number().int().min(1, { message: 'amount must be at least 1 cent' }).max(1_000_000_000) }),
  ])
  .meta({
    id: 'CampaignSegment',
    description:
      'Who it goes to, among the customers who opted in to marketing e-mail: everyone (`all_opted_in`), those who bought in a category or its sub-categories (`bought_in_category`), those with no paid order in the last `days` (`no_order_in_days`, never-ordered included), those who spent at least `amount` cents net of refunds (`spent_at_least`).',
    example: { kind: 'bought_in_category', categoryId: '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d' },
  });

const httpUrl = text()
  .trim()
  .max(2000)
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), { message: 'must be an absolute http(s) URL' });

const campaignFields = {
  name: text().trim().min(1, { message: 'Name is required' }).max(120, { message: 'Name must be at most 120 characters' }),
  subject: text().trim().min(1, { message: 'Subject is required' }).max(200, { message: 'Subject must be at most 200 characters' }),
  bodyMarkdown: text().trim().min(1, { message: 'The message is required' }).max(20_000, { message: 'The message must be at most 20,000 characters' }),
  ctaLabel: text().trim().max(40, { message: 'The button text must be at most 40 characters' }).nullable().optional().transform((value) => value || null),
  ctaUrl: httpUrl.nullable().optional().transform((value) => value || null),
  segment: segmentSchema,
  promotion: z
    .object({
      promotionId: z.uuid({ message: 'promotion.promotionId must be a UUID' }),
      codes: z.enum(['shared', 'unique'], { message: 'promotion.codes: shared or unique' }),
    })
    .nullable()
    .optional()
    .transform((value) => value ?? null)
    .meta({
      id: 'CampaignPromotionInput',
      description:
        'A code promotion the e-mail carries: `shared` — its shared code, the same for everyone; `unique` — each recipient gets one single-use code of it, assigned once when the campaign goes out. `{{code}}` in the subject or message is replaced by the code, and a code block follows the message. Absent or null: no code.',
      example: { promotionId: '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6', codes: 'unique' },
    }),
};
const CTA_TOGETHER = { message: 'A call to action needs both its button text and its link', path: ['ctaUrl'] };
const ctaTogether = (value: { ctaLabel: string | null; ctaUrl: string | null }) => (value.ctaLabel === null) === (value.ctaUrl === null);
const EXAMPLE_CAMPAIGN_INPUT = {
  name: 'Winter audio sale',
  subject: '20 % off headphones this weekend',
  bodyMarkdown: '## Warm ears, cool prices\n\nEvery pair of **headphones** is 20 % off until Sunday.',
  ctaLabel: 'Shop headphones',
  ctaUrl: 'https://shop.example/categories/headphones',
  segment: { kind: 'bought_in_category', categoryId: '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d' },
  promotion: { promotionId: '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6', codes: 'unique' },
};

/** `{{code}}` (spaces inside the braces allowed) stands for the recipient's code. */
export const CODE_PLACEHOLDER_PATTERN = /\{\{\s*code\s*\}\}/;
const CODE_NEEDS_PROMOTION = { message: '{{code}} needs a promotion: choose the promotion whose code the e-mail carries', path: ['promotion'] };
const codeHasPromotion = (value: { subject: string; bodyMarkdown: string; promotion: unknown }) =>
  value.promotion !== null || !(CODE_PLACEHOLDER_PATTERN.test(value.subject) || CODE_PLACEHOLDER_PATTERN.test(value.bodyMarkdown));

export const campaignInput = z.object(campaignFields).refine(ctaTogether, CTA_TOGETHER).refine(codeHasPromotion, CODE_NEEDS_PROMOTION).meta({ example: EXAMPLE_CAMPAIGN_INPUT });
export type CampaignInputDto = z.output<typeof campaignInput>;

export const updateCampaignInput = z
  .object({ id: z.uuid({ message: 'id must be a UUID' }), ...campaignFields })
  .refine(ctaTogether, CTA_TOGETHER)
  .refine(codeHasPromotion, CODE_NEEDS_PROMOTION)
  .meta({ example: { id: '6d2f1a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', ...EXAMPLE_CAMPAIGN_INPUT } });

export const EXAMPLE_CAMPAIGN = {
  id: '6d2f1a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  name: 'Winter audio sale',
  subject: '20 % off headphones this weekend',
  bodyMarkdown: '## Warm ears, cool prices\n\nEvery pair of **headphones** is 20 % off until Sunday.',
  ctaLabel: 'Shop headphones',
  ctaUrl: 'https://shop.example/categories/headphones',
  segment: { kind: 'all_opted_in' },
  promotion: { promotionId: '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6', codes: 'unique', name: 'Winter audio 20 % off', label: '20 % off', code: null, endsAt: '2026-12-14T05:00:00.000Z' },
  status: 'sent',
  scheduledAt: '2026-12-07T15:00:00.000Z',
  startedAt: '2026-12-07T15:00:01.000Z',
  finishedAt: '2026-12-07T15:00:04.000Z',
  createdAt: '2026-12-07T14:00:00.000Z',
  updatedAt: '2026-12-07T15:00:04.000Z',
  stats: { recipients: 1204, queued: 0, sent: 1190, failed: 2, bounced: 7, suppressed: 5, unsubscribed: 11, redemptions: 96, revenue: 1_152_480, discountCost: 288_120 },
} as const;

export const campaignSchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    name: z.string(),
    subject: z.string(),
    bodyMarkdown: z.string(),
    ctaLabel: z.string().nullable(),
    ctaUrl: z.string().nullable(),
    segment: segmentSchema,
    promotion: z
      .object({
        promotionId: z.string().meta({ format: 'uuid' }),
        codes: z.enum(['shared', 'unique']),
        name: z.string(),
        label: z.string().meta({ description: 'What the code gives, e.g. "20 % off"' }),
        code: z.string().nullable().meta({ description: 'The shared code (codes: shared); null with unique codes' }),
        endsAt: z.string().nullable().meta({ format: 'date-time' }),
      })
      .nullable()
      .meta({ id: 'CampaignPromotion', description: 'The promotion code the e-mail carries (as it was when the campaign was saved); null: none' }),
    status: z.enum(['draft', 'scheduled', 'sending', 'sent', 'cancelled']),
    scheduledAt: z.string().nullable().meta({ format: 'date-time' }),
    startedAt: z.string().nullable().meta({ format: 'date-time' }),
    finishedAt: z.string().nullable().meta({ format: 'date-time' }),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z.string().meta({ format: 'date-time' }),
    stats: z
      .object({
        recipients: z.number().int().meta({ description: 'Messages it made (one per member who opted in when it went out)' }),
        queued: z.number().int().meta({ description: 'Waiting or being sent (throttled behind order e-mails)' }),
        sent: z.number().int(),
        failed: z.number().int(),
        bounced: z.number().int(),
        suppressed: z.number().int().meta({ description: 'The recipient unsubscribed before theirs went out' }),
        unsubscribed: z.number().int().meta({ description: 'Recipients who unsubscribed through its link' }),
        redemptions: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'Paid orders with its code: a code assigned to it (unique codes), or its shared code since it went out. null: no promotion, or promotions did not answer' }),
        revenue: z.number().int().nullable().meta({ description: 'Those orders’ totals (cents)' }),
        discountCost: z.number().int().nullable().meta({ description: 'What its codes took off them (cents)' }),
      })
      .meta({ id: 'CampaignStats' }),
  })
  .meta({ id: 'Campaign', example: EXAMPLE_CAMPAIGN });

export const campaignPromotionListSchema = z
  .object({
    items: z.array(
      z
        .object({
          id: z.string().meta({ format: 'uuid' }),
          name: z.string(),
          label: z.string().meta({ description: 'What a code gives, e.g. "20 % off"' }),
          state: z.enum(['active', 'scheduled', 'expired', 'inactive']),
          code: z.string().nullable().meta({ description: 'Its shared code (null: unique codes only)' }),
          endsAt: z.string().nullable().meta({ format: 'date-time' }),
        })
        .meta({ id: 'CampaignPromotionChoice' }),
    ),
  })
  .meta({
    id: 'CampaignPromotionChoices',
    example: { items: [{ id: '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6', name: 'Winter audio 20 % off', label: '20 % off', state: 'active', code: null, endsAt: '2026-12-14T05:00:00.000Z' }] },
  });

export const campaignPageSchema = numberedPageSchema(campaignSchema).meta({ id: 'CampaignPage' });
export const listCampaignsInput = z.object({ page: pageNumberSchema.default(1), pageSize: pageSizeSchema.default(20) }).default({ page: 1, pageSize: 20 });
export const campaignIdInput = z.object({ id: z.uuid({ message: 'id must be a UUID' }) });

export const campaignPreviewSchema = z
  .object({
    subject: z.string(),
    html: z.string().meta({ description: 'The e-mail as recipients will get it (their own unsubscribe link goes where this one points)' }),
    text: z.string(),
    recipients: z.number().int().meta({ description: 'Members of the segment who opted in, now' }),
  })
  .meta({ id: 'CampaignPreview', example: { subject: '20 % off headphones this weekend', html: '<!DOCTYPE html>…', text: 'Warm ears, cool prices…', recipients: 1204 } });

export const testCampaignInput = z.object({
  id: z.uuid({ message: 'id must be a UUID' }),
  email: z.email({ message: 'email: Enter a valid e-mail address' }).max(254),
});
export const testCampaignResultSchema = z.object({ queued: z.literal(true), to: z.string() }).meta({ id: 'CampaignTestSent', example: { queued: true, to: 'marketing@omnicart.test' } });

export const scheduleCampaignInput = z.object({
  id: z.uuid({ message: 'id must be a UUID' }),
  sendAt: text()
    .trim()
    .max(64)
    .optional()
    .refine((value) => value === undefined || (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))), { message: 'sendAt: an ISO timestamp such as 2026-12-24T09:00:00Z' })
    .describe('When to send (ISO 8601); absent: now'),
});
