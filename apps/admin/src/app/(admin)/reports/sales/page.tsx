import type { Metadata } from 'next';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { reportCsvHref } from '@/lib/reports/csv-link';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';
import { SalesReportBody } from '@/components/reports/SalesReportBody';

export const metadata: Metadata = { title: 'Sales overview' };

/** Sales overview: revenue, orders, AOV, units, refunds, new vs returning customers, per day/week/month. */
export default async function SalesReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone, result } = await loadReport(api, 'sales', await searchParams);
  return (
    <ReportFrame
      title="Sales overview"
      path="/reports/sales"
      range={range}
      timeZone={timeZone}
      description="Revenue recognised when paid, net of refunds and cancellations; orders, average order value, units, refunds and new vs returning customers."
      csv={[{ href: reportCsvHref('sales', range) }]}
    >
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <SalesReportBody report={result.report} />}
    </ReportFrame>
  );
}
