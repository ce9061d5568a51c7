/**
 * A report's **Download CSV** link: the admin's route `/reports/<report>/export.csv`, which proxies
 * the analytics service's CSV (`analytics.reportCsv`) with the staff member's token. It carries the range the page resolved
 * (explicit from/to, never the preset: a link opened tomorrow or after midnight in the store's zone
 * still downloads the days on the screen) and every parameter that chooses the page's rows, so
 * the file is exactly what the page shows.
 */
import type { ReportRange } from './range';

export const REPORT_IDS = ['sales', 'products', 'categories', 'funnel', 'search', 'retention', 'recommendations', 'promotions'] as const;
export type ReportId = (typeof REPORT_IDS)[number];

export function isReportId(value: string): value is ReportId {
  return (REPORT_IDS as readonly string[]).includes(value);
}

export function reportCsvHref(report: ReportId, range: Pick<ReportRange, 'from' | 'to' | 'granularity' | 'compare'>, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams({ from: range.from, to: range.to, granularity: range.granularity });
  if (!range.compare) params.set('compare', '0');
  for (const [name, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(name, String(value));
  return `/reports/${report}/export.csv?${params.toString()}`;
}

/** The file name the admin gives a downloaded report: "sales-2026-11-07_2026-12-06.csv". */
export function reportCsvFileName(report: ReportId, range: { from: string; to: string }): string {
  return `${report}-${range.from}_${range.to}.csv`;
}
