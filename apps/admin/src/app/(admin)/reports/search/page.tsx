import type { Metadata } from 'next';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { reportCsvHref } from '@/lib/reports/csv-link';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';
import { SearchReportBody } from '@/components/reports/SearchReportBody';

export const metadata: Metadata = { title: 'Search' };

const TOP = 20;

/** Search: top queries, zero-result queries, queries with a typo correction, click-through from search. */
export default async function SearchReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone, result } = await loadReport(api, 'search', await searchParams, { limit: TOP });
  return (
    <ReportFrame
      title="Search"
      path="/reports/search"
      range={range}
      timeZone={timeZone}
      granularity={false}
      description={`What shoppers searched for: the top ${TOP} queries with their click-through, the queries that found nothing, and those the search corrected.`}
      csv={[{ href: reportCsvHref('search', range, { limit: TOP }) }]}
    >
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <SearchReportBody report={result.report} />}
    </ReportFrame>
  );
}
