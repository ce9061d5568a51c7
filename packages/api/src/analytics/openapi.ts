import type { DomainDocument, OperationExamples } from '../runtime/docs.js';
import { authRequired, tokenExpired } from '../openapi/example-values.js';
import { behaviourEventSchema } from './schemas.js';

/**
 * analytics's published REST document (data/docs/analytics_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const period = { from: '2026-11-01', to: '2026-11-30' };
const previousPeriod = { from: '2026-10-02', to: '2026-10-31' };
const forbidden = { message: 'You do not have permission to do this (needs reports:read)' };
const reportErrors = { 400: { message: 'to: `to` must not be before `from`' }, 401: authRequired, 403: forbidden };
const totals = { revenue: 1245000, gross: 1310000, refunds: 65000, orders: 131, aov: 10000, units: 262, newCustomers: 88, returningCustomers: 43 };

const examples: Record<string, OperationExamples> = {
  analyticsIngest: {
    response: { accepted: 2, rejected: [{ index: 2, id: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', reason: 'props.productIds: Too small: expected array to have >=1 items' }] },
    errors: { 400: { message: 'events: At most 100 events per call' } },
  },
  analyticsSalesOverview: {
    response: {
      current: { period, totals, series: [{ bucket: '2026-11-01', ...totals }] },
      previous: { period: previousPeriod, totals: { ...totals, revenue: 1100000, gross: 1150000, refunds: 50000, orders: 120 }, series: [] },
      granularity: 'month',
      timeZone: 'America/New_York',
    },
    errors: { ...reportErrors, 401: tokenExpired },
  },
  analyticsTopProducts: {
    response: {
      current: {
        period,
        items: [
          {
            productId: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11',
            name: 'Trail Runner 2',
            categoryId: '5b1f7a52-8e0c-4f0a-9d3b-7c2e1a4f6b80',
            categoryName: 'Shoes',
            revenue: 219890,
            refunds: 19990,
            units: 12,
            orders: 11,
            views: 420,
            addToCarts: 37,
            conversion: 0.0262,
          },
        ],
      },
      previous: null,
      by: 'revenue',
      timeZone: 'America/New_York',
    },
    errors: reportErrors,
  },
  analyticsTopCategories: {
    response: {
      current: { period, items: [{ categoryId: '5b1f7a52-8e0c-4f0a-9d3b-7c2e1a4f6b80', name: 'Shoes', revenue: 498000, refunds: 14000, units: 30, orders: 27, views: 1900, conversion: 0.0142 }] },
      previous: null,
      by: 'revenue',
      timeZone: 'America/New_York',
    },
    errors: reportErrors,
  },
  analyticsFunnel: {
    response: {
      current: {
        period,
        steps: [
          { step: 'session', count: 1000, stepConversion: 1, overallConversion: 1, dropOff: 0 },
          { step: 'product_view', count: 620, stepConversion: 0.62, overallConversion: 0.62, dropOff: 380 },
          { step: 'add_to_cart', count: 140, stepConversion: 0.2258, overallConversion: 0.14, dropOff: 480 },
          { step: 'checkout_started', count: 70, stepConversion: 0.5, overallConversion: 0.07, dropOff: 70 },
          { step: 'order_placed', count: 42, stepConversion: 0.6, overallConversion: 0.042, dropOff: 28 },
        ],
      },
      previous: null,
      timeZone: 'America/New_York',
    },
    errors: reportErrors,
  },
  analyticsSearch: {
    response: {
      current: {
        period,
        totals: { searches: 310, zeroResults: 12, corrected: 9, clicks: 140, clickThrough: 0.4516 },
        topQueries: [{ query: 'running shoes', searches: 54, zeroResults: 0, corrected: 0, correctedTo: null, clicks: 31, clickThrough: 0.5741 }],
        zeroResultQueries: [{ query: 'snorkel', searches: 5, zeroResults: 5, corrected: 0, correctedTo: null, clicks: 0, clickThrough: 0 }],
        correctedQueries: [{ query: 'runing shoes', searches: 4, zeroResults: 0, corrected: 4, correctedTo: 'running shoes', clicks: 2, clickThrough: 0.5 }],
      },
      previous: null,
      timeZone: 'America/New_York',
    },
    errors: reportErrors,
  },
  analyticsRetention: {
    response: {
      current: { period, customers: 120, repeatCustomers: 14, repeatPurchaseRate: 0.1167, cohorts: [{ cohort: '2026-11', customers: 88, retention: [0.125, 0.0568, 0, 0, 0, 0] }] },
      previous: null,
      months: 6,
      timeZone: 'America/New_York',
    },
    errors: reportErrors,
  },
  analyticsRecommendations: {
    response: {
      current: {
        period,
        shelves: [
          { shelf: 'also_bought', impressions: 8200, clicks: 240, ctr: 0.0293, attributedOrders: 21, attributedRevenue: 184500 },
          { shelf: 'similar', impressions: 7900, clicks: 180, ctr: 0.0228, attributedOrders: 12, attributedRevenue: 96000 },
          { shelf: 'bought_together', impressions: 1200, clicks: 40, ctr: 0.0333, attributedOrders: 6, attributedRevenue: 21000 },
          { shelf: 'for_you', impressions: 3000, clicks: 75, ctr: 0.025, attributedOrders: 5, attributedRevenue: 40500 },
          { shelf: 'trending', impressions: 5000, clicks: 60, ctr: 0.012, attributedOrders: 3, attributedRevenue: 15000 },
        ],
      },
      previous: null,
      timeZone: 'America/New_York',
    },
    errors: reportErrors,
  },
  analyticsPromotions: {
    response: {
      current: {
        period,
        orders: 412,
        discountedOrders: 96,
        discountedRevenue: 842_300,
        discountCost: 61_250,
        promotions: [
          { promotionId: '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6', kind: 'code', code: 'WELCOME10', name: 'Welcome: 10 % off your first order', orders: 58, revenue: 512_400, refunds: 8_900, discountCost: 55_100 },
          { promotionId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', kind: 'automatic', code: null, name: 'Free shipping over $35', orders: 38, revenue: 329_900, refunds: 0, discountCost: 6_150 },
        ],
      },
      previous: null,
      timeZone: 'America/New_York',
    },
    errors: reportErrors,
  },
  analyticsReportCsv: {
    response: { report: 'sales', filename: 'sales-2026-11-01-2026-11-30.csv', contentType: 'text/csv', csv: 'bucket,revenue,gross,refunds,orders,aov,units,new_customers,returning_customers\r\n2026-11-01,41500,43000,1500,4,10750,9,3,1\r\n' },
    errors: reportErrors,
  },
};

export const document: DomainDocument = {
  file: 'analytics_service_api.yaml',
  title: 'OmniCart analytics service API',
  description: [
    'Analytics (the analytics service), as served by the gateway under `/api/v1`: behaviour event ingest (the storefront BFF, server side) and the admin reports over rollups kept per store day.',
    '',
    'Report days are calendar days in the store’s time zone (`STORE_TIMEZONE`, default America/New_York), inclusive; every report answers `current` and `previous` (the same number of days right before; null with `compare=false`). Money is integer cents.',
    '',
    'Reports need a staff access token with `reports:read` as `Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/analytics) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'analytics',
  components: { BehaviourEvent: behaviourEventSchema },
  tags: { analytics: 'Behaviour events from the storefront.', reports: 'Admin reports (reports:read) and their CSV.' },
  examples,
};
