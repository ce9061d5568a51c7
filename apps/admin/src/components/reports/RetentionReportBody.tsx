import { CohortTable } from '@/components/reports/CohortTable';
import { Figure } from '@/components/reports/Figure';
import styles from '@/components/reports/reports.module.css';
import { count, percent } from '@/lib/reports/format';
import type { RetentionReport } from '@/lib/reports/types';

export function RetentionReportBody({ report }: { report: RetentionReport }) {
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
