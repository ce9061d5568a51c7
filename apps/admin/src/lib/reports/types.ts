/**
 * The analytics service's report answers (packages/api/src/analytics/schemas.ts), mirrored here
 * until the admin can infer them from AnalyticsRouter. Money is integer cents; days are store days
 * (YYYY-MM-DD in the answer's `timeZone`); `previous` is the previous period of the same length
 * (null when comparison is off).
 */
import type { Granularity } from './range';

export interface Period {
  from: string;
  to: string;
}

export interface SalesTotals {
  revenue: number;
  gross: number;
  refunds: number;
  orders: number;
  aov: number;
  units: number;
  newCustomers: number;
  returningCustomers: number;
}
export interface SalesPeriod {
  period: Period;
  totals: SalesTotals;
  series: (SalesTotals & { bucket: string })[];
}
export interface SalesOverview {
  current: SalesPeriod;
  previous: SalesPeriod | null;
  granularity: Granularity;
  timeZone: string;
}

export interface ProductRow {
  productId: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  revenue: number;
  units: number;
  orders: number;
  views: number;
  addToCarts: number;
  conversion: number;
}
export interface TopProducts {
  current: { period: Period; items: ProductRow[] };
  previous: { period: Period; items: ProductRow[] } | null;
  by: 'revenue' | 'units';
  timeZone: string;
}

export interface CategoryRow {
  categoryId: string;
  name: string | null;
  revenue: number;
  units: number;
  orders: number;
  views: number;
  conversion: number;
}
export interface TopCategories {
  current: { period: Period; items: CategoryRow[] };
  previous: { period: Period; items: CategoryRow[] } | null;
  by: 'revenue' | 'units';
  timeZone: string;
}

export type FunnelStepName = 'session' | 'product_view' | 'add_to_cart' | 'checkout_started' | 'order_placed';
export interface FunnelStepDto {
  step: FunnelStepName;
  count: number;
  stepConversion: number;
  overallConversion: number;
  dropOff: number;
}
export interface FunnelReport {
  current: { period: Period; steps: FunnelStepDto[] };
  previous: { period: Period; steps: FunnelStepDto[] } | null;
  timeZone: string;
}

export interface SearchRow {
  query: string;
  searches: number;
  zeroResults: number;
  corrected: number;
  correctedTo: string | null;
  clicks: number;
  clickThrough: number;
}
export interface SearchPeriod {
  period: Period;
  totals: { searches: number; zeroResults: number; corrected: number; clicks: number; clickThrough: number };
  topQueries: SearchRow[];
  zeroResultQueries: SearchRow[];
  correctedQueries: SearchRow[];
}
export interface SearchReport {
  current: SearchPeriod;
  previous: SearchPeriod | null;
  timeZone: string;
}

export interface Cohort {
  cohort: string;
  customers: number;
  /** Share of the cohort ordering again in month +1 … +months. */
  retention: number[];
}
export interface RetentionPeriod {
  period: Period;
  customers: number;
  repeatCustomers: number;
  repeatPurchaseRate: number;
  cohorts: Cohort[];
}
export interface RetentionReport {
  current: RetentionPeriod;
  previous: RetentionPeriod | null;
  months: number;
  timeZone: string;
}

export type ShelfName = 'also_bought' | 'similar' | 'bought_together' | 'for_you' | 'trending';
export interface ShelfRow {
  shelf: ShelfName;
  impressions: number;
  clicks: number;
  ctr: number;
  attributedOrders: number;
  attributedRevenue: number;
}
export interface RecommendationsReport {
  current: { period: Period; shelves: ShelfRow[] };
  previous: { period: Period; shelves: ShelfRow[] } | null;
  timeZone: string;
}
