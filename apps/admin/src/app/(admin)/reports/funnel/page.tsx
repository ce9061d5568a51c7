import type { Metadata } from 'next';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { reportCsvHref } from '@/lib/reports/csv-link';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';
import { FunnelReportBody } from '@/components/reports/FunnelReportBody';

export const metadata: Metadata = { title: 'Conversion funnel' };

/**
 * Sessions → product view → add to cart → checkout started → order placed, with each step's
 * conversion (k ÷ k−1), overall conversion (k ÷ sessions) and drop-off, as PostHog defines them.
 */
export default async function FunnelReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone, result } = await loadReport(api, 'funnel', await searchParams);
  return (
    <ReportFrame
      title="Conversion funnel"
      path="/reports/funnel"
      range={range}
      timeZone={timeZone}
      granularity={false}
      description="Sessions that reached each step within the session: step conversion is a step ÷ the step before, overall conversion a step ÷ sessions, drop-off who left between two steps."
      csv={[{ href: reportCsvHref('funnel', range) }]}
    >
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <FunnelReportBody report={result.report} />}
    </ReportFrame>
  );
}
