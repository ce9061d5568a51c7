/**
 * The analytics service's report answers, inferred from its router (types only from
 * @omnicart/api). Money is integer cents; days are store days (YYYY-MM-DD in the answer's
 * `timeZone`); `previous` is the previous period of the same length (null when comparison is off).
 */
import type { AnalyticsRouter } from '@omnicart/api';
import type { inferRouterOutputs } from '@trpc/server';

type AnalyticsOut = inferRouterOutputs<AnalyticsRouter>;

export type SalesOverview = AnalyticsOut['salesOverview'];
export type SalesPeriod = SalesOverview['current'];
export type SalesTotals = SalesPeriod['totals'];
export type Period = SalesPeriod['period'];

export type TopProducts = AnalyticsOut['topProducts'];
export type ProductRow = TopProducts['current']['items'][number];
export type TopCategories = AnalyticsOut['topCategories'];
export type CategoryRow = TopCategories['current']['items'][number];

export type FunnelReport = AnalyticsOut['funnel'];
export type FunnelStepDto = FunnelReport['current']['steps'][number];
export type FunnelStepName = FunnelStepDto['step'];

export type SearchReport = AnalyticsOut['search'];
export type SearchPeriod = SearchReport['current'];
export type SearchRow = SearchPeriod['topQueries'][number];

export type RetentionReport = AnalyticsOut['retention'];
export type RetentionPeriod = RetentionReport['current'];
export type Cohort = RetentionPeriod['cohorts'][number];

export type RecommendationsReport = AnalyticsOut['recommendations'];
export type ShelfRow = RecommendationsReport['current']['shelves'][number];
export type ShelfName = ShelfRow['shelf'];

export type PromotionsReport = AnalyticsOut['promotions'];
export type PromotionReportRow = PromotionsReport['current']['promotions'][number];

export type ReportCsv = AnalyticsOut['reportCsv'];
