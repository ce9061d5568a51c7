import type { Metadata } from 'next';
import { CohortTable } from '@/components/reports/CohortTable';
import { Figure } from '@/components/reports/Figure';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import styles from '@/components/reports/reports.module.css';
import { reportCsvHref } from '@/lib/reports/csv-link';
import { count, percent } from '@/lib/reports/format';
import type { RetentionReport } from '@/lib/reports/types';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';

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
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <RetentionBody report={result.report} />}
    </ReportFrame>
  );
}

function RetentionBody({ report }: { report: RetentionReport }) {
  const { current, previous } = report;
  return (
    <>
      <dl className={styles.figures}>
        <Figure
          label="Repeat-purchase rate"
          value={percent(current.repeatPurchaseRate)}
          current={current.repeatPurchaseRate}
          previous={previous ? previous.repeatPurchaseRate : undefined}
          previousValue={previous ? percent(previous.repeatPurchaseRate) : undefined}
          kind="points"
        />
        <Figure label="Customers who ordered" value={count(current.customers)} current={current.customers} previous={previous?.customers} previousValue={previous ? count(previous.customers) : undefined} />
        <Figure
          label="Ordered twice or more"
          value={count(current.repeatCustomers)}
          current={current.repeatCustomers}
          previous={previous?.repeatCustomers}
          previousValue={previous ? count(previous.repeatCustomers) : undefined}
        />
      </dl>
      <section aria-labelledby="cohorts" className="panel">
        <h2 id="cohorts" className={styles.title}>
          Monthly cohorts of first purchase
        </h2>
        <p className="muted">Each row: the customers whose first paid order fell in that month; each cell: the share who ordered again 1, 2, … months later.</p>
        {current.cohorts.length ? <CohortTable cohorts={current.cohorts} months={report.months} /> : <p>No first purchases in this range.</p>}
      </section>
    </>
  );
}
