/**
 * What the report pages render: the analytics service's report answers as the admin uses them
 * (server/reports.ts maps the service's output into these). Money is integer cents + currency;
 * days are store-time-zone days (YYYY-MM-DD); `previous` is the previous period of the same length.
 */
import type { Granularity } from './range';

export interface ReportPeriod {
  from: string;
  to: string;
}

export interface ReportMeta {
  timeZone: string;
  currency: string;
  granularity: Granularity;
  current: ReportPeriod;
  previous: ReportPeriod | null;
}

export interface SalesTotals {
  revenue: number;
  orders: number;
  averageOrderValue: number;
  units: number;
  refunds: number;
  newCustomers: number;
  returningCustomers: number;
}

export interface SalesBucket {
  /** The bucket's first store day. */
  start: string;
  revenue: number;
  orders: number;
  units: number;
  refunds: number;
  /** The bucket at the same position in the previous period (null without comparison). */
  previousRevenue: number | null;
  previousOrders: number | null;
}

export interface SalesReport extends ReportMeta {
  totals: SalesTotals;
  previousTotals: SalesTotals | null;
  series: SalesBucket[];
}

export interface RankedRow {
  id: string;
  name: string;
  revenue: number;
  units: number;
  orders: number;
  views: number;
  /** purchases ÷ views (null without views). */
  conversion: number | null;
  previousRevenue: number | null;
  previousUnits: number | null;
}

export interface RankingReport extends ReportMeta {
  rows: RankedRow[];
}

export interface FunnelReport extends ReportMeta {
  steps: { key: string; label: string; count: number; previous: number | null }[];
}

export interface SearchQueryRow {
  query: string;
  searches: number;
  clicks: number;
  clickThroughRate: number | null;
  /** The results a search found (the latest), when known. */
  results: number | null;
}

export interface SearchReport extends ReportMeta {
  totals: { searches: number; zeroResultSearches: number; clicks: number; clickThroughRate: number | null };
  previousTotals: { searches: number; zeroResultSearches: number; clicks: number; clickThroughRate: number | null } | null;
  topQueries: SearchQueryRow[];
  zeroResultQueries: { query: string; searches: number }[];
  correctedQueries: { query: string; correctedQuery: string; searches: number }[];
}

export interface CohortRow {
  /** The cohort's month of first purchase (YYYY-MM). */
  cohort: string;
  customers: number;
  /** Month 0, 1, 2, …: the share of the cohort who bought in that month after their first (0..1). */
  retention: (number | null)[];
}

export interface RetentionReport extends ReportMeta {
  repeatPurchaseRate: number | null;
  previousRepeatPurchaseRate: number | null;
  customers: number;
  repeatCustomers: number;
  cohorts: CohortRow[];
}

export interface ShelfRow {
  shelf: string;
  impressions: number;
  clicks: number;
  clickThroughRate: number | null;
  attributedRevenue: number;
  previousClicks: number | null;
  previousClickThroughRate: number | null;
  previousAttributedRevenue: number | null;
}

export interface RecommendationsReport extends ReportMeta {
  shelves: ShelfRow[];
}
