import type { Metadata } from 'next';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { reportCsvHref } from '@/lib/reports/csv-link';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';
import { RetentionReportBody } from '@/components/reports/RetentionReportBody';

export const metadata: Metadata = { title: 'Retention' };

/** Months after the first purchase the cohort table follows (the CSV too). */
const MONTHS = 6;

/** Repeat-purchase rate and monthly cohorts of first purchase. */
export default async function RetentionReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone, result } = await loadReport(api, 'retention', await searchParams, { months: MONTHS });
  return (
    <ReportFrame
      title="Retention"
      path="/reports/retention"
      range={range}
      timeZone={timeZone}
      granularity={false}
      description="The share of customers who bought more than once, and for each month of first purchase the share who came back in the months after."
      csv={[{ href: reportCsvHref('retention', range, { months: MONTHS }) }]}
    >
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <RetentionReportBody report={result.report} />}
    </ReportFrame>
  );
}
