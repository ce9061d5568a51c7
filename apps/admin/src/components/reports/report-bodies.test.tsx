import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FunnelReport, PromotionsReport, RecommendationsReport, RetentionReport, SalesOverview, SearchReport, TopProducts } from '@/lib/reports/types';
import { DashboardReports } from './DashboardReports';
import { FunnelReportBody } from './FunnelReportBody';
import { PromotionsReportBody } from './PromotionsReportBody';
import { RecommendationsReportBody } from './RecommendationsReportBody';
import { RetentionReportBody } from './RetentionReportBody';
import { SalesReportBody } from './SalesReportBody';
import { SearchReportBody } from './SearchReportBody';

/** The report bodies from answers shaped like analytics' (schemas.ts): what a staff member reads in the tables. */
const totals = (revenue: number, orders: number) => ({ revenue, gross: revenue + 500, refunds: 500, orders, aov: orders ? Math.round((revenue + 500) / orders) : 0, units: orders * 2, newCustomers: orders - 1, returningCustomers: 1 });
const period = (from: string, to: string) => ({ from, to });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const sales: SalesOverview = {
  granularity: 'day',
  timeZone: 'America/New_York',
  current: { period: period('2026-12-05', '2026-12-06'), totals: totals(250_00, 5), series: [{ bucket: '2026-12-05', ...totals(100_00, 2) }, { bucket: '2026-12-06', ...totals(150_00, 3) }] },
  previous: { period: period('2026-12-03', '2026-12-04'), totals: totals(200_00, 4), series: [{ bucket: '2026-12-03', ...totals(100_00, 2) }, { bucket: '2026-12-04', ...totals(100_00, 2) }] },
};

const steps = (counts: number[]) =>
  (['session', 'product_view', 'add_to_cart', 'checkout_started', 'order_placed'] as const).map((step, index) => ({
    step,
    count: counts[index]!,
    stepConversion: index === 0 ? 1 : counts[index - 1] ? counts[index]! / counts[index - 1]! : 0,
    overallConversion: counts[0] ? counts[index]! / counts[0] : 0,
    dropOff: index === 0 ? 0 : counts[index - 1]! - counts[index]!,
  }));
const funnel: FunnelReport = { timeZone: 'America/New_York', current: { period: period('2026-11-07', '2026-12-06'), steps: steps([200, 120, 40, 20, 10]) }, previous: { period: period('2026-10-08', '2026-11-06'), steps: steps([100, 50, 20, 10, 4]) } };

const row = (query: string, searches: number, zeroResults = 0, correctedTo: string | null = null) => ({ query, searches, zeroResults, corrected: correctedTo ? searches : 0, correctedTo, clicks: Math.floor(searches / 2), clickThrough: Math.floor(searches / 2) / searches });
const searchPeriod = (scale: number) => ({
  period: period('2026-11-07', '2026-12-06'),
  totals: { searches: 40 * scale, zeroResults: 5 * scale, corrected: 3 * scale, clicks: 20 * scale, clickThrough: 0.5 },
  topQueries: [row('boots', 20 * scale), row('scarf', 10 * scale)],
  zeroResultQueries: [row('unicorn saddle', 4 * scale, 4 * scale)],
  correctedQueries: [row('bots', 3 * scale, 0, 'boots')],
});
const search: SearchReport = { timeZone: 'America/New_York', current: searchPeriod(2), previous: searchPeriod(1) };

const retention: RetentionReport = {
  timeZone: 'America/New_York',
  months: 3,
  current: { period: period('2026-09-01', '2026-12-06'), customers: 50, repeatCustomers: 10, repeatPurchaseRate: 0.2, cohorts: [{ cohort: '2026-09', customers: 20, retention: [0.25, 0.1, 0.05] }, { cohort: '2026-11', customers: 30, retention: [0.1] }] },
  previous: null,
};

const recommendations: RecommendationsReport = {
  timeZone: 'America/New_York',
  current: { period: period('2026-11-07', '2026-12-06'), shelves: [{ shelf: 'also_bought', impressions: 1000, clicks: 50, ctr: 0.05, attributedOrders: 4, attributedRevenue: 120_00 }] },
  previous: { period: period('2026-10-08', '2026-11-06'), shelves: [{ shelf: 'also_bought', impressions: 800, clicks: 40, ctr: 0.05, attributedOrders: 2, attributedRevenue: 60_00 }] },
};

const promotions: PromotionsReport = {
  timeZone: 'America/New_York',
  current: {
    period: period('2026-11-07', '2026-12-06'),
    orders: 40,
    discountedOrders: 10,
    discountedRevenue: 900_00,
    discountCost: 100_00,
    promotions: [
      { promotionId: 'p1', kind: 'code', code: 'WELCOME10', name: 'Welcome 10 % off', orders: 8, revenue: 720_00, refunds: 20_00, discountCost: 80_00 },
      { promotionId: 'p2', kind: 'automatic', code: null, name: 'Free shipping over $35', orders: 2, revenue: 180_00, refunds: 0, discountCost: 20_00 },
    ],
  },
  previous: { period: period('2026-10-08', '2026-11-06'), orders: 40, discountedOrders: 5, discountedRevenue: 400_00, discountCost: 50_00, promotions: [{ promotionId: 'p1', kind: 'code', code: 'WELCOME10', name: 'Welcome 10 % off', orders: 4, revenue: 360_00, refunds: 0, discountCost: 40_00 }] },
};

const products: TopProducts = {
  timeZone: 'America/New_York',
  by: 'revenue',
  current: { period: period('2026-11-07', '2026-12-06'), items: [{ productId: 'p1', name: 'Trail Runner 2', categoryId: 'c1', categoryName: 'Shoes', revenue: 1_299_00, units: 10, orders: 9, views: 300, addToCarts: 40, conversion: 0.03, refunds: 0 }] },
  previous: null,
};

describe('report bodies', () => {
  it('sales: figures with deltas, one table row per bucket with money and the change', () => {
    const html = renderToStaticMarkup(<SalesReportBody report={sales} />);
    expect(html).toContain('role="img"');
    expect(html).toMatch(/aria-label="Net revenue per day, Dec 5, 2026 – Dec 6, 2026: \$250\.00 in total, against \$200\.00/);
    expect(text(html)).toContain('Net revenue $250.00 ▲ 25.0% up 25.0% vs $200.00');
    expect(html.match(/<tr data-key=/g)).toHaveLength(2);
    expect(text(html)).toContain('Dec 6, 2026 $150.00 $155.00 $5.00 3');
    expect(text(html)).toContain('▲ 50.0%');
  });

  it('funnel: step and overall conversion, drop-off and its rate, previous sessions', () => {
    const html = text(renderToStaticMarkup(<FunnelReportBody report={funnel} />));
    expect(html).toContain('Sessions 200 100.0% 100.0% 0 – 100');
    expect(html).toContain('Added to cart 40 33.3% 20.0% 80 66.7% 20');
    expect(html).toContain('Overall conversion 5.0% ▲ 1.0 pts');
  });

  it('search: the three lists and the totals', () => {
    const html = text(renderToStaticMarkup(<SearchReportBody report={search} />));
    expect(html).toContain('boots 40 0 20 50.0%');
    expect(html).toContain('unicorn saddle 8 8');
    expect(html).toContain('bots boots 6');
    expect(html).toContain('Searches 80 ▲ 100.0%');
  });

  it('retention: cohorts as a shaded table with every share written', () => {
    const html = renderToStaticMarkup(<RetentionReportBody report={retention} />);
    expect(text(html)).toContain('Sep 2026 20 25.0% 10.0% 5.0%');
    expect(text(html)).toContain('Month +3');
    expect(html).toMatch(/class="[^"]*heat3[^"]*">25\.0%/);
    expect(text(html)).toContain('Repeat-purchase rate 20.0%');
  });

  it('recommendations: shelves with CTR, attributed revenue and changes', () => {
    const html = text(renderToStaticMarkup(<RecommendationsReportBody report={recommendations} />));
    expect(html).toContain('Customers also bought 1,000 50 5.0% 4 $120.00 ▲ 25.0%');
    expect(html).toContain('▲ 100.0%');
  });

  it('promotions: per code and automatic promotion, revenue, refunds, cost, share taken off and changes', () => {
    const html = text(renderToStaticMarkup(<PromotionsReportBody report={promotions} />));
    expect(html).toContain('WELCOME10 — Welcome 10 % off 8 $720.00 $20.00 $80.00 10.0% ▲ 100.0% up 100.0% ▲ 100.0%');
    expect(html).toContain('Free shipping over $35 (automatic) 2 $180.00 $0.00 $20.00 10.0%');
    expect(html).toContain('Share of orders discounted 25.0% ▲ 12.5 pts');
  });

  it('dashboard panels: conversion rate, compact funnel, top products; "Reports unavailable" where analytics failed', () => {
    const html = text(renderToStaticMarkup(<DashboardReports query="?range=30d" timeZone="America/New_York" funnel={{ status: 'ok', report: funnel }} search={{ status: 'unavailable' }} products={{ status: 'ok', report: products }} />));
    expect(html).toContain('Conversion rate (sessions → orders) 5.0% ▲ 1.0 pts');
    expect(html).toContain('Placed an order 10 (5.0%)');
    expect(html).toContain('Trail Runner 2 $1,299.00 10 3.0%');
    expect(html).toContain('Reports unavailable');
    expect(html).toContain('Reports: last 30 days (days in America/New_York)');
  });
});
