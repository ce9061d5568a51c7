import type { Metadata } from 'next';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { reportCsvHref } from '@/lib/reports/csv-link';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';
import { RecommendationsReportBody } from '@/components/reports/RecommendationsReportBody';

export const metadata: Metadata = { title: 'Recommendations' };

/** Impressions, clicks, click-through rate and attributed revenue per recommendation shelf. */
export default async function RecommendationsReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone, result } = await loadReport(api, 'recommendations', await searchParams);
  return (
    <ReportFrame
      title="Recommendations"
      path="/reports/recommendations"
      range={range}
      timeZone={timeZone}
      granularity={false}
      description="Each storefront shelf: how often it was shown, clicked, its click-through rate, and the revenue of orders that followed a click."
      csv={[{ href: reportCsvHref('recommendations', range) }]}
    >
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <RecommendationsReportBody report={result.report} />}
    </ReportFrame>
  );
}
