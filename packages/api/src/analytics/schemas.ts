import { z } from 'zod';
import { text } from '@omnicart/contracts';

/**
 * The request and response shapes of analytics: the tRPC validators and the OpenAPI source.
 * Unknown fields are ignored (zod objects strip them).
 */

// ---------------------------------------------------------------------------------------------
// Ingest

export const MAX_EVENTS_PER_BATCH = 100;
/** One event's JSON text at most (bigger → rejected with its reason, the rest kept). */
export const MAX_EVENT_BYTES = 4 * 1024;
/** occurredAt window: at most this old, at most this far ahead (nothing is clamped). */
export const MAX_EVENT_AGE_MS = 24 * 3_600_000;
export const MAX_EVENT_SKEW_MS = 5 * 60_000;

export const SHELVES = ['also_bought', 'similar', 'bought_together', 'for_you', 'trending'] as const;
export type Shelf = (typeof SHELVES)[number];
export const DEVICES = ['desktop', 'mobile', 'tablet', 'bot', 'unknown'] as const;
export const PAGE_TYPES = ['home', 'category', 'search', 'product', 'cart', 'checkout', 'account', 'other'] as const;
export const EVENT_TYPES = [
  'page_view',
  'product_impression',
  'recommendation_click',
  'search_click',
  'add_to_cart',
  'remove_from_cart',
  'checkout_started',
  'checkout_step_completed',
  'order_placed',
  'identify',
] as const;
export type BehaviourEventType = (typeof EVENT_TYPES)[number];

const position = z.number().int().min(0).max(10_000);
const query = text().max(200);
const base = {
  id: z.uuid().describe('Client-made event id (the dedupe key)'),
  occurredAt: z.iso.datetime({ offset: true }).describe('When it happened (ISO 8601); at most 24 h old and 5 min ahead'),
  visitorId: z.uuid().nullable().describe('First-party visitor id; null for a Do-Not-Track visitor (aggregate only)'),
  sessionId: z.uuid().nullable().describe('Session id (30 min of inactivity ends it); null for a Do-Not-Track visitor'),
  page: z.object({ path: text().max(512), referrerHost: text().max(255).nullable() }),
  device: z.enum(DEVICES),
};
const cartProps = z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(999), unitPrice: z.number().int().min(0).optional() });

/** One behaviour event (validated one by one: a bad one is rejected with its reason, the rest kept). */
/** One product page view: the documents' example of an event and of a batch. */
const EXAMPLE_EVENT = {
  id: '0b7a4c8e-2f1d-4e6a-9c3b-5d8e7f6a1b20',
  type: 'page_view',
  occurredAt: '2026-12-07T14:03:12.000Z',
  visitorId: '6c1f9e2a-4b7d-4c3e-8a5f-1d2e3f4a5b60',
  sessionId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c60',
  page: { path: '/products/trail-runner-2', referrerHost: 'www.google.com' },
  device: 'mobile',
  props: { pageType: 'product', productId: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11' },
};

export const behaviourEventSchema = z
  .discriminatedUnion('type', [
    z.object({
      ...base,
      type: z.literal('page_view'),
      props: z.object({
        pageType: z.enum(PAGE_TYPES),
        categoryId: z.uuid().optional(),
        productId: z.uuid().optional(),
        query: query.optional(),
        resultCount: z.number().int().min(0).optional(),
        correctedQuery: query.optional(),
      }),
    }),
    z.object({
      ...base,
      type: z.literal('product_impression'),
      props: z.object({ productIds: z.array(z.uuid()).min(1).max(50), list: text().min(1).max(64), position: position.optional() }),
    }),
    z.object({
      ...base,
      type: z.literal('recommendation_click'),
      props: z.object({ productId: z.uuid(), shelf: z.enum(SHELVES), sourceProductId: z.uuid().optional(), position: position.optional() }),
    }),
    z.object({ ...base, type: z.literal('search_click'), props: z.object({ query, productId: z.uuid(), position }) }),
    z.object({ ...base, type: z.literal('add_to_cart'), props: cartProps }),
    z.object({ ...base, type: z.literal('remove_from_cart'), props: cartProps }),
    z.object({
      ...base,
      type: z.literal('checkout_started'),
      props: z.object({ cartValue: z.number().int().min(0).optional(), itemCount: z.number().int().min(0).optional() }),
    }),
    z.object({ ...base, type: z.literal('checkout_step_completed'), props: z.object({ step: z.enum(['address', 'shipping', 'payment']) }) }),
    z.object({ ...base, type: z.literal('order_placed'), props: z.object({ orderId: z.uuid(), total: z.number().int().min(0).optional() }) }),
    z.object({ ...base, type: z.literal('identify'), props: z.object({}) }),
  ])
  .meta({
    id: 'BehaviourEvent',
    example: EXAMPLE_EVENT,
  });
export type BehaviourEvent = z.output<typeof behaviourEventSchema>;

export const ingestInput = z
  .object({
    events: z
      .array(z.unknown().describe('A BehaviourEvent (see the component); each is validated on its own'))
      .min(1, { message: 'Send at least one event' })
      .max(MAX_EVENTS_PER_BATCH, { message: `At most ${MAX_EVENTS_PER_BATCH} events per call` }),
  })
  .meta({
    example: {
      events: [EXAMPLE_EVENT],
    },
  });
export type IngestInput = z.output<typeof ingestInput>;

export const ingestResultSchema = z
  .object({
    accepted: z.number().int().describe('Events stored (or already stored: a repeated id counts as accepted, stored once)'),
    rejected: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), reason: z.string() })).describe('Each refused event: its index in `events`, its id when readable, why'),
  })
  .meta({ id: 'IngestResult', example: { accepted: 1, rejected: [{ index: 1, id: null, reason: 'id: Invalid UUID' }] } });
export type IngestResult = z.infer<typeof ingestResultSchema>;

// ---------------------------------------------------------------------------------------------
// Reports

export const MAX_RANGE_DAYS = 3 * 366;
const day = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date YYYY-MM-DD' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'not a calendar date' });

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const rangeFields = {
  from: day.describe('First store day (inclusive, in STORE_TIMEZONE)').meta({ example: '2026-11-01' }),
  to: day.describe('Last store day (inclusive); at most 3 years after `from`').meta({ example: '2026-11-30' }),
  granularity: z.enum(GRANULARITIES).default('day').describe('Series buckets (weeks start on Monday)'),
  compare: z.boolean().default(true).describe('Also answer the previous period of the same length'),
};
const checkRange = (value: { from: string; to: string }, context: z.RefinementCtx) => {
  const days = (Date.parse(`${value.to}T00:00:00Z`) - Date.parse(`${value.from}T00:00:00Z`)) / 86_400_000;
  if (days < 0) context.addIssue({ code: 'custom', path: ['to'], message: '`to` must not be before `from`' });
  else if (days + 1 > MAX_RANGE_DAYS) context.addIssue({ code: 'custom', path: ['to'], message: 'The range is at most 3 years' });
};

export const reportInput = z.object(rangeFields).superRefine(checkRange).meta({ example: { from: '2026-11-01', to: '2026-11-30', granularity: 'day', compare: true } });
export type ReportInput = z.output<typeof reportInput>;

export const topInput = z
  .object({ ...rangeFields, by: z.enum(['revenue', 'units']).default('revenue'), limit: z.coerce.number().int().min(1).max(100).default(20) })
  .superRefine(checkRange)
  .meta({ example: { from: '2026-11-01', to: '2026-11-30', by: 'revenue', limit: 20 } });
export type TopInput = z.output<typeof topInput>;

export const listInput = z
  .object({ ...rangeFields, limit: z.coerce.number().int().min(1).max(100).default(20) })
  .superRefine(checkRange)
  .meta({ example: { from: '2026-11-01', to: '2026-11-30', limit: 20 } });
export type ListInput = z.output<typeof listInput>;

export const retentionInput = z
  .object({ ...rangeFields, months: z.coerce.number().int().min(1).max(24).default(6) })
  .superRefine(checkRange)
  .meta({ example: { from: '2026-01-01', to: '2026-11-30', months: 6 } });
export type RetentionInput = z.output<typeof retentionInput>;

const period = z.object({ from: z.string(), to: z.string() });

const salesTotals = z.object({
  revenue: z.number().int().describe('Net revenue in cents: gross − refunds'),
  gross: z.number().int().describe('Paid orders’ totals in cents (recognised on the day paid)'),
  refunds: z.number().int().describe('Money refunded in cents (on the refund’s day)'),
  orders: z.number().int(),
  aov: z.number().int().describe('Average order value: gross ÷ orders, in cents (0 without orders)'),
  units: z.number().int(),
  newCustomers: z.number().int().describe('Paid orders that were their buyer’s first'),
  returningCustomers: z.number().int().describe('Paid orders of buyers who had paid before'),
});
const salesBucket = salesTotals.extend({ bucket: z.string().describe('First store day of the bucket (YYYY-MM-DD)') });
const salesPeriod = z.object({ period, totals: salesTotals, series: z.array(salesBucket) });
export const salesOverviewSchema = z.object({ current: salesPeriod, previous: salesPeriod.nullable(), granularity: z.enum(GRANULARITIES), timeZone: z.string() }).meta({ id: 'SalesOverview' });
export type SalesOverview = z.infer<typeof salesOverviewSchema>;
export type SalesTotals = z.infer<typeof salesTotals>;

const productRow = z.object({
  productId: z.string(),
  name: z.string(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  revenue: z.number().int().describe('Net revenue in cents: its line totals in orders paid in the period − refunds (their merchandise share) in the period'),
  refunds: z.number().int().describe('The merchandise share of refunds in the period that fell on its lines, in cents'),
  units: z.number().int(),
  orders: z.number().int().describe('Paid orders containing it'),
  views: z.number().int().describe('Product page views'),
  addToCarts: z.number().int(),
  conversion: z.number().describe('orders ÷ views (0 without views): the share of product views that became an order line'),
});
export const topProductsSchema = z
  .object({ current: z.object({ period, items: z.array(productRow) }), previous: z.object({ period, items: z.array(productRow) }).nullable(), by: z.enum(['revenue', 'units']), timeZone: z.string() })
  .meta({ id: 'TopProducts' });
export type ProductRow = z.infer<typeof productRow>;
export type TopProducts = z.infer<typeof topProductsSchema>;

const categoryRow = z.object({
  categoryId: z.string(),
  name: z.string().nullable(),
  revenue: z.number().int().describe('Net revenue in cents: line totals of its products − refunds, as for products'),
  refunds: z.number().int().describe('The merchandise share of refunds in the period that fell on its products, in cents'),
  units: z.number().int(),
  orders: z.number().int(),
  views: z.number().int().describe('Views of its products'),
  conversion: z.number().describe('orders ÷ views (0 without views)'),
});
export const topCategoriesSchema = z
  .object({ current: z.object({ period, items: z.array(categoryRow) }), previous: z.object({ period, items: z.array(categoryRow) }).nullable(), by: z.enum(['revenue', 'units']), timeZone: z.string() })
  .meta({ id: 'TopCategories' });
export type CategoryRow = z.infer<typeof categoryRow>;
export type TopCategories = z.infer<typeof topCategoriesSchema>;

export const FUNNEL_STEPS = ['session', 'product_view', 'add_to_cart', 'checkout_started', 'order_placed'] as const;
const funnelStep = z.object({
  step: z.enum(FUNNEL_STEPS),
  count: z.number().int().describe('Sessions that reached this step after every earlier one, in order'),
  stepConversion: z.number().describe('count ÷ previous step’s count (1 for the first step; 0 when the previous is 0)'),
  overallConversion: z.number().describe('count ÷ sessions'),
  dropOff: z.number().int().describe('previous step’s count − count (0 for the first step)'),
});
const funnelPeriod = z.object({ period, steps: z.array(funnelStep) });
export const funnelSchema = z.object({ current: funnelPeriod, previous: funnelPeriod.nullable(), timeZone: z.string() }).meta({ id: 'Funnel' });
export type FunnelStepDto = z.infer<typeof funnelStep>;
export type FunnelReport = z.infer<typeof funnelSchema>;

const searchRow = z.object({
  query: z.string(),
  searches: z.number().int(),
  zeroResults: z.number().int(),
  corrected: z.number().int().describe('Searches the catalog answered with a typo correction'),
  correctedTo: z.string().nullable(),
  clicks: z.number().int(),
  clickThrough: z.number().describe('clicks ÷ searches'),
});
const searchPeriod = z.object({
  period,
  totals: z.object({ searches: z.number().int(), zeroResults: z.number().int(), corrected: z.number().int(), clicks: z.number().int(), clickThrough: z.number() }),
  topQueries: z.array(searchRow),
  zeroResultQueries: z.array(searchRow),
  correctedQueries: z.array(searchRow),
});
export const searchReportSchema = z.object({ current: searchPeriod, previous: searchPeriod.nullable(), timeZone: z.string() }).meta({ id: 'SearchReport' });
export type SearchRow = z.infer<typeof searchRow>;
export type SearchReport = z.infer<typeof searchReportSchema>;

const cohort = z.object({
  cohort: z.string().describe('Month of the first paid order (YYYY-MM, store time zone)'),
  customers: z.number().int(),
  retention: z.array(z.number()).describe('Share of the cohort ordering again in month +1 … +months'),
});
const retentionPeriod = z.object({
  period,
  customers: z.number().int().describe('Buyers with a paid order in the period'),
  repeatCustomers: z.number().int().describe('Of them, those with two or more paid orders in the period'),
  repeatPurchaseRate: z.number().describe('repeatCustomers ÷ customers'),
  cohorts: z.array(cohort),
});
export const retentionSchema = z.object({ current: retentionPeriod, previous: retentionPeriod.nullable(), months: z.number().int(), timeZone: z.string() }).meta({ id: 'RetentionReport' });
export type RetentionReport = z.infer<typeof retentionSchema>;
export type RetentionPeriod = z.infer<typeof retentionPeriod>;

const shelfRow = z.object({
  shelf: z.enum(SHELVES),
  impressions: z.number().int().describe('Products shown on the shelf'),
  clicks: z.number().int(),
  ctr: z.number().describe('clicks ÷ impressions'),
  attributedOrders: z.number().int(),
  attributedRevenue: z.number().int().describe('Cents of paid order lines whose product was clicked on the shelf earlier in the same session'),
});
const shelfPeriod = z.object({ period, shelves: z.array(shelfRow) });
export const recommendationsReportSchema = z.object({ current: shelfPeriod, previous: shelfPeriod.nullable(), timeZone: z.string() }).meta({ id: 'RecommendationsReport' });
export type ShelfRow = z.infer<typeof shelfRow>;
export type RecommendationsReport = z.infer<typeof recommendationsReportSchema>;

const promotionRow = z.object({
  promotionId: z.string(),
  kind: z.enum(['code', 'automatic']),
  code: z.string().nullable().describe('The code used (one row per code of a promotion; null for automatic promotions)'),
  name: z.string(),
  orders: z.number().int().describe('Paid orders that got it'),
  revenue: z.number().int().describe('Cents: those orders’ totals as paid'),
  refunds: z.number().int().describe('Cents refunded on those orders since (a refund does not give the code back)'),
  discountCost: z.number().int().describe('Cents it took off them (lines + shipping waived)'),
});
const promotionsPeriod = z.object({
  period,
  orders: z.number().int().describe('Every paid order of the period'),
  discountedOrders: z.number().int().describe('Of them, those with a discount'),
  discountedRevenue: z.number().int().describe('Cents: the discounted orders’ totals'),
  discountCost: z.number().int().describe('Cents taken off by every promotion'),
  promotions: z.array(promotionRow),
});
export const promotionsReportSchema = z.object({ current: promotionsPeriod, previous: promotionsPeriod.nullable(), timeZone: z.string() }).meta({ id: 'PromotionsReport' });
export type PromotionsReport = z.infer<typeof promotionsReportSchema>;

export const REPORTS = ['sales', 'products', 'categories', 'funnel', 'search', 'retention', 'recommendations', 'promotions'] as const;
export type ReportName = (typeof REPORTS)[number];
export const csvInput = z
  .object({
    report: z.enum(REPORTS).meta({ example: 'sales' }),
    ...rangeFields,
    by: z.enum(['revenue', 'units']).default('revenue'),
    limit: z.coerce.number().int().min(1).max(100).default(100),
    months: z.coerce.number().int().min(1).max(24).default(6),
  })
  .superRefine(checkRange)
  .meta({ example: { report: 'sales', from: '2026-11-01', to: '2026-11-30', granularity: 'day' } });
export type CsvInput = z.output<typeof csvInput>;
export const csvSchema = z
  .object({
    report: z.enum(REPORTS),
    filename: z.string().meta({ example: 'sales-2026-11-01-2026-11-30.csv' }),
    contentType: z.literal('text/csv'),
    csv: z.string().describe('The current period as CSV: a header row, CRLF line ends; text cells starting with = + - @ are written behind a \''),
  })
  .meta({ id: 'ReportCsv' });
export type ReportCsv = z.infer<typeof csvSchema>;

export const rebuildInput = z.object({ from: day, to: day }).superRefine(checkRange);
export const rebuildResultSchema = z.object({ days: z.number().int(), sessions: z.number().int() });
