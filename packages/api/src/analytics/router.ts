import { internalProcedure, publicProcedure, router, staffProcedure } from '../runtime/trpc.js';
import {
  csvInput,
  csvSchema,
  funnelSchema,
  ingestInput,
  ingestResultSchema,
  listInput,
  rebuildInput,
  rebuildResultSchema,
  promotionsReportSchema,
  recommendationsReportSchema,
  reportInput,
  retentionInput,
  retentionSchema,
  salesOverviewSchema,
  searchReportSchema,
  topCategoriesSchema,
  topInput,
  topProductsSchema,
} from './schemas.js';
import type { AnalyticsService } from './service.js';

const tags = ['analytics'];
const reportTags = ['reports'];
const REPORT_ERRORS = { 400: 'Invalid range (from/to YYYY-MM-DD, from ≤ to, at most 3 years)', 401: 'Missing or invalid access token', 403: 'Needs reports:read' };
const report = (path: string, summary: string, description: string) => ({
  openapi: { method: 'GET' as const, path: `/analytics/reports/${path}` as `/${string}`, tags: reportTags, summary, description, protect: true, errorResponses: REPORT_ERRORS },
});

/** Thin: validate, call the service. REST paths are relative to /api/v1. */
export function createAnalyticsRouter(service: AnalyticsService) {
  return router({
    ingest: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/analytics/events',
          tags,
          summary: 'Record a batch of behaviour events (the storefront BFF, server side)',
          description:
            '1–100 events, each validated on its own: a bad or oversized one (JSON over 4 KB, unknown type, bad props, occurredAt over 24 h old or 5 min ahead) is listed in `rejected` with its reason and the rest are stored (200). An id already stored is accepted and stored once. The customer is the signed-in caller (the shopper’s access token forwarded), never the body; visitorId/sessionId null = a Do-Not-Track visitor, counted in aggregates only. Nothing stores IP, e-mail, name or user agent.',
          errorResponses: { 400: 'The body is not `{ events: [...] }` with 1–100 events' },
        },
      })
      .input(ingestInput)
      .output(ingestResultSchema)
      .mutation(({ input, ctx }) => service.ingest(ctx.user, input)),

    salesOverview: staffProcedure('reports:read')
      .meta(report('sales', 'Sales overview: revenue, orders, AOV, units, refunds, new vs returning, per bucket', 'Net revenue = paid orders’ totals on the day paid − refunds on the refund’s day; store days in STORE_TIMEZONE; `previous` = the same number of days right before.'))
      .input(reportInput)
      .output(salesOverviewSchema)
      .query(({ input }) => service.salesOverview(input)),

    topProducts: staffProcedure('reports:read')
      .meta(report('products', 'Top products by revenue or units, with views and conversion', 'conversion = paid orders containing the product ÷ its product page views.'))
      .input(topInput)
      .output(topProductsSchema)
      .query(({ input }) => service.topProducts(input)),

    topCategories: staffProcedure('reports:read')
      .meta(report('categories', 'Top categories by revenue or units, with views and conversion', 'A sale counts under the product’s category when it was paid; views are those of the category’s products.'))
      .input(topInput)
      .output(topCategoriesSchema)
      .query(({ input }) => service.topCategories(input)),

    funnel: staffProcedure('reports:read')
      .meta(report('funnel', 'Conversion funnel: sessions → product view → add to cart → checkout started → order placed', 'Sessions by the store day they started; a step counts when reached after every earlier step within the session (PostHog ordered funnel). Do-Not-Track visitors (no session id) are not in the funnel.'))
      .input(reportInput)
      .output(funnelSchema)
      .query(({ input }) => service.funnel(input)),

    search: staffProcedure('reports:read')
      .meta(report('search', 'Search: top queries, zero-result queries, corrected queries, click-through', 'Queries normalised (trimmed, spaces collapsed, lower case).'))
      .input(listInput)
      .output(searchReportSchema)
      .query(({ input }) => service.search(input)),

    retention: staffProcedure('reports:read')
      .meta(report('retention', 'Retention: repeat-purchase rate and monthly cohorts of first purchase', 'Buyers are customers, or guests by a hash of their e-mail. Cohorts: buyers whose first paid order falls in the range, by month.'))
      .input(retentionInput)
      .output(retentionSchema)
      .query(({ input }) => service.retention(input)),

    recommendations: staffProcedure('reports:read')
      .meta(report('recommendations', 'Recommendation shelves: impressions, clicks, CTR and attributed revenue', 'Attributed revenue: paid order lines whose product was clicked on the shelf earlier in the session that placed the order (first click wins).'))
      .input(reportInput)
      .output(recommendationsReportSchema)
      .query(({ input }) => service.recommendations(input)),

    promotions: staffProcedure('reports:read')
      .meta(
        report(
          'promotions',
          'Promotions: revenue, orders and discount cost per code and promotion',
          'Paid orders of the range by the promotions they got (orders.order_paid’s discounts): one row per promotion and code, revenue as paid, refunds since, discount cost (lines + shipping waived); with the share of orders discounted.',
        ),
      )
      .input(reportInput)
      .output(promotionsReportSchema)
      .query(({ input }) => service.promotions(input)),

    reportCsv: staffProcedure('reports:read')
      .meta(report('{report}/csv', 'A report’s current period as CSV text', 'The rows the report shows (no comparison period), as CSV text in JSON (the platform’s export pattern): save `csv` as `filename`.'))
      .input(csvInput)
      .output(csvSchema)
      .query(({ input }) => service.reportCsv(input)),

    /** Internal: recompute every rollup of store days from..to from raw events and facts (repair, seeds). */
    rebuildRollups: internalProcedure
      .input(rebuildInput)
      .output(rebuildResultSchema)
      .mutation(({ input }) => service.rebuildRollups(input)),
  });
}

export type AnalyticsRouter = ReturnType<typeof createAnalyticsRouter>;
