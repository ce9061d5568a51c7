import { DeltaCell, Figure } from '@/components/reports/Figure';
import { ReportTable, compareColumns, numericColumns } from '@/components/reports/ReportTable';
import { TimeSeriesChart } from '@/components/reports/charts';
import styles from '@/components/reports/reports.module.css';
import { REPORT_CURRENCY, bucketLabel, count, rangeLabel, reportMoney } from '@/lib/reports/format';
import { GRANULARITY_LABELS } from '@/lib/reports/range';
import type { SalesOverview, SalesTotals } from '@/lib/reports/types';

const FIGURES: { key: keyof SalesTotals; label: string; money: boolean }[] = [
  { key: 'revenue', label: 'Net revenue', money: true },
  { key: 'orders', label: 'Orders', money: false },
  { key: 'aov', label: 'Average order value', money: true },
  { key: 'units', label: 'Units', money: false },
  { key: 'refunds', label: 'Refunds', money: true },
  { key: 'newCustomers', label: 'Orders from new customers', money: false },
  { key: 'returningCustomers', label: 'Orders from returning customers', money: false },
];

export function SalesReportBody({ report }: { report: SalesOverview }) {
  const { current, previous, granularity } = report;
  const money = (cents: number) => reportMoney(cents, REPORT_CURRENCY);
  const points = current.series.map((bucket, index) => ({ label: bucketLabel(bucket.bucket, granularity), current: bucket.revenue, previous: previous?.series[index]?.revenue ?? null }));
  const summary = `Net revenue per ${granularity}, ${rangeLabel(current.period)}: ${money(current.totals.revenue)} in total${
    previous ? `, against ${money(previous.totals.revenue)} in ${rangeLabel(previous.period)}` : ''
  }.`;
  const unit = GRANULARITY_LABELS[granularity];
  return (
    <>
      <section aria-labelledby="sales-figures">
        <h2 id="sales-figures" className={styles.title}>
          Totals
        </h2>
        <dl className={styles.figures}>
          {FIGURES.map(({ key, label, money: isMoney }) => {
            const format = isMoney ? money : count;
            return (
              <Figure
                key={key}
                label={label}
                value={format(current.totals[key])}
                current={current.totals[key]}
                previous={previous ? previous.totals[key] : undefined}
                previousValue={previous ? format(previous.totals[key]) : undefined}
              />
            );
          })}
        </dl>
      </section>
      <section aria-labelledby="sales-over-time" className="panel">
        <h2 id="sales-over-time" className={styles.title}>
          Net revenue over time
        </h2>
        <TimeSeriesChart points={points} summary={summary} format="money" currency={REPORT_CURRENCY} name="Net revenue" compare={previous !== null} />
        <ReportTable
          label={`Sales per ${granularity}`}
          columns={[
            { label: unit },
            ...numericColumns('Net revenue', 'Gross', 'Refunds', 'Orders', 'Average order value', 'Units', 'New', 'Returning'),
            ...compareColumns(previous !== null, 'Previous net revenue', 'Change'),
          ]}
          testId="report-table"
        >
          {current.series.map((bucket, index) => {
            const before = previous?.series[index] ?? null;
            return (
              <tr key={bucket.bucket} data-key={bucket.bucket}>
                <th scope="row">{bucketLabel(bucket.bucket, granularity, true)}</th>
                <td className="num">{money(bucket.revenue)}</td>
                <td className="num">{money(bucket.gross)}</td>
                <td className="num">{money(bucket.refunds)}</td>
                <td className="num">{count(bucket.orders)}</td>
                <td className="num">{money(bucket.aov)}</td>
                <td className="num">{count(bucket.units)}</td>
                <td className="num">{count(bucket.newCustomers)}</td>
                <td className="num">{count(bucket.returningCustomers)}</td>
                {previous ? (
                  <>
                    <td className="num">{before ? money(before.revenue) : '–'}</td>
                    <DeltaCell current={bucket.revenue} previous={before?.revenue ?? null} />
                  </>
                ) : null}
              </tr>
            );
          })}
        </ReportTable>
      </section>
    </>
  );
}
