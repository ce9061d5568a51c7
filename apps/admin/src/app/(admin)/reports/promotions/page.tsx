import type { Metadata } from 'next';
import { PromotionsReportBody } from '@/components/reports/PromotionsReportBody';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { reportCsvHref } from '@/lib/reports/csv-link';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';

export const metadata: Metadata = { title: 'Promotions' };

/** Orders, revenue and discount cost per discount code and automatic promotion. */
export default async function PromotionsReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone, result } = await loadReport(api, 'promotions', await searchParams);
  return (
    <ReportFrame
      title="Promotions"
      path="/reports/promotions"
      range={range}
      timeZone={timeZone}
      granularity={false}
      description="Paid orders by the discount code or automatic promotion they got: revenue as paid, refunds since, and what each discount cost."
      csv={[{ href: reportCsvHref('promotions', range) }]}
    >
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <PromotionsReportBody report={result.report} />}
    </ReportFrame>
  );
}
