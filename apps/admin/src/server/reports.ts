import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import { forbidden } from 'next/navigation';
import { parseReportRange, type ReportRange } from '@/lib/reports/range';
import type { FunnelReport, PromotionsReport, RecommendationsReport, RetentionReport, SalesOverview, SearchReport, TopCategories, TopProducts } from '@/lib/reports/types';
import type { SearchParams } from '@/lib/url-state';
import type { Services } from './services';

/**
 * The admin's report reads: the analytics service's report procedures through the gateway, with
 * the staff member's token (analytics checks `reports:read` too). A 403 shows the not-allowed page;
 * analytics down or failing shows "Reports unavailable" in place of the figures, never an error page.
 */

/** A report's input: the range, plus what picks its rows (top N, ranked by, cohort months). */
export interface ReportInput {
  from: string;
  to: string;
  granularity: ReportRange['granularity'];
  compare: boolean;
  limit?: number;
  by?: 'revenue' | 'units';
  months?: number;
}
export type ReportOptions = Pick<ReportInput, 'limit' | 'by' | 'months'>;

interface Reports {
  sales: SalesOverview;
  products: TopProducts;
  categories: TopCategories;
  funnel: FunnelReport;
  search: SearchReport;
  retention: RetentionReport;
  recommendations: RecommendationsReport;
  promotions: PromotionsReport;
}
export type ReportKind = keyof Reports;

/** Which analytics procedure answers which report. */
const FETCH: { [K in ReportKind]: (api: Services, input: ReportInput) => Promise<Reports[K]> } = {
  sales: (api, input) => api.analytics.salesOverview.query(input),
  products: (api, input) => api.analytics.topProducts.query(input),
  categories: (api, input) => api.analytics.topCategories.query(input),
  funnel: (api, input) => api.analytics.funnel.query(input),
  search: (api, input) => api.analytics.search.query(input),
  retention: (api, input) => api.analytics.retention.query(input),
  recommendations: (api, input) => api.analytics.recommendations.query(input),
  promotions: (api, input) => api.analytics.promotions.query(input),
};

/** The zone the reports answered in last (analytics' STORE_TIMEZONE); before the first answer, orders' settings. */
let learnedTimeZone: string | null = null;

async function reportTimeZone(api: Services): Promise<string> {
  if (learnedTimeZone) return learnedTimeZone;
  try {
    return (await api.orders.settings.query({})).timeZone;
  } catch {
    return 'America/New_York';
  }
}

export type ReportResult<T> = { status: 'ok'; report: T } | { status: 'unavailable' };

export function reportInput(range: ReportRange, options: ReportOptions = {}): ReportInput {
  return { from: range.from, to: range.to, granularity: range.granularity, compare: range.compare, ...options };
}

async function fetchReport<K extends ReportKind>(api: Services, kind: K, input: ReportInput): Promise<ReportResult<Reports[K]>> {
  try {
    return { status: 'ok', report: await FETCH[kind](api, input) };
  } catch (error) {
    if (serviceStatus(error) === 403) forbidden();
    console.error(`analytics report ${kind} failed`, error);
    return { status: 'unavailable' };
  }
}

/**
 * A report for the page's URL: the range worked out on the store's calendar, the report fetched;
 * when analytics answers in another zone than the one assumed, a preset is worked out again in
 * that zone (and the zone remembered).
 */
export async function loadReport<K extends ReportKind>(
  api: Services,
  kind: K,
  params: SearchParams,
  options: ReportOptions = {},
): Promise<{ range: ReportRange; timeZone: string; result: ReportResult<Reports[K]> }> {
  const assumed = await reportTimeZone(api);
  let range = parseReportRange(params, assumed);
  let result = await fetchReport(api, kind, reportInput(range, options));
  if (result.status === 'ok' && result.report.timeZone !== assumed) {
    learnedTimeZone = result.report.timeZone;
    if (range.preset) {
      range = parseReportRange(params, result.report.timeZone);
      result = await fetchReport(api, kind, reportInput(range, options));
    }
  }
  return { range, timeZone: result.status === 'ok' ? result.report.timeZone : assumed, result };
}

/** Several reports over one range (the overview, the products page, the dashboard). */
export async function loadReports<K extends ReportKind>(
  api: Services,
  kinds: readonly K[],
  params: SearchParams,
  options: ReportOptions = {},
): Promise<{ range: ReportRange; timeZone: string; results: { [P in K]: ReportResult<Reports[P]> } }> {
  const assumed = await reportTimeZone(api);
  const fetchAll = async (range: ReportRange) =>
    Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await fetchReport(api, kind, reportInput(range, options))] as const))) as { [P in K]: ReportResult<Reports[P]> };
  let range = parseReportRange(params, assumed);
  let results = await fetchAll(range);
  const answered = Object.values<ReportResult<{ timeZone: string }>>(results).find((result) => result.status === 'ok');
  const zone = answered?.status === 'ok' ? answered.report.timeZone : assumed;
  if (zone !== assumed) {
    learnedTimeZone = zone;
    if (range.preset) {
      range = parseReportRange(params, zone);
      results = await fetchAll(range);
    }
  }
  return { range, timeZone: zone, results };
}

/** The URL's range without fetching a report (the overview's links). */
export async function rangeOnly(api: Services, params: SearchParams): Promise<{ range: ReportRange; timeZone: string }> {
  const timeZone = await reportTimeZone(api);
  return { range: parseReportRange(params, timeZone), timeZone };
}

/** How long the dashboard waits for its report panels before saying "Reports unavailable" (the orders figures never wait on analytics). */
const DASHBOARD_REPORTS_WAIT_MS = 4_000;

/** The dashboard's report panels: the last 30 days' funnel, zero-result searches and top five products. */
export async function dashboardReports(api: Services) {
  const unavailable = { status: 'unavailable' } as const;
  const load = loadReports(api, ['funnel', 'search', 'products'], { range: '30d' }, { limit: 5 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), DASHBOARD_REPORTS_WAIT_MS);
  });
  const answer = await Promise.race([load, late]).finally(() => clearTimeout(timer));
  if (answer) return answer;
  console.error(`analytics did not answer the dashboard within ${DASHBOARD_REPORTS_WAIT_MS} ms`);
  return { timeZone: await reportTimeZone(api), results: { funnel: unavailable, search: unavailable, products: unavailable } };
}
