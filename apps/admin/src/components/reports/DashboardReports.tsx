import Link from 'next/link';
import { count, percent, rangeLabel, reportMoney } from '@/lib/reports/format';
import { conversionRate, funnelRows } from '@/lib/reports/funnel';
import type { FunnelReport, SearchReport, TopProducts } from '@/lib/reports/types';
import type { ReportResult } from '@/server/reports';
import { Figure } from './Figure';
import { ReportTable, numericColumns } from './ReportTable';
import { ReportsUnavailable } from './Unavailable';
import styles from './reports.module.css';

/**
 * The dashboard's report panels (staff with reports:read): conversion (sessions → orders) over the
 * last 30 store days against the 30 before, the funnel in short, the top five zero-result searches
 * and the top five products, each linking to its report. Analytics down: "Reports unavailable" in
 * each panel; the rest of the dashboard is untouched.
 */
export function DashboardReports({
  query,
  timeZone,
  funnel,
  search,
  products,
}: {
  /** The reports' range as a query string (?range=30d). */
  query: string;
  timeZone: string;
  funnel: ReportResult<FunnelReport>;
  search: ReportResult<SearchReport>;
  products: ReportResult<TopProducts>;
}) {
  return (
    <section aria-labelledby="reports-title" className="stack">
      <h2 id="reports-title" className={styles.title}>
        Reports: last 30 days <span className="muted">(days in {timeZone})</span>
      </h2>
      <div className={styles.trio}>
        <section aria-labelledby="dash-funnel" className="panel">
          <h3 id="dash-funnel" className={styles.title}>
            Conversion
          </h3>
          {funnel.status === 'ok' ? <FunnelPanel report={funnel.report} /> : <ReportsUnavailable />}
          <p>
            <Link href={`/reports/funnel${query}`}>Conversion funnel report</Link>
          </p>
        </section>
        <section aria-labelledby="dash-top-products" className="panel">
          <h3 id="dash-top-products" className={styles.title}>
            Top products
          </h3>
          {products.status === 'ok' ? <TopProductsPanel report={products.report} /> : <ReportsUnavailable />}
          <p>
            <Link href={`/reports/products${query}`}>Products and categories report</Link>
          </p>
        </section>
        <section aria-labelledby="dash-zero-results" className="panel">
          <h3 id="dash-zero-results" className={styles.title}>
            Searches with no results
          </h3>
          {search.status === 'ok' ? <ZeroResultsPanel report={search.report} /> : <ReportsUnavailable />}
          <p>
            <Link href={`/reports/search${query}`}>Search report</Link>
          </p>
        </section>
      </div>
    </section>
  );
}

function FunnelPanel({ report }: { report: FunnelReport }) {
  const rate = conversionRate(report.current.steps);
  const previous = report.previous ? conversionRate(report.previous.steps) : undefined;
  const steps = funnelRows(report.current.steps, report.previous?.steps);
  const widest = Math.max(1, ...steps.map((step) => step.count));
  return (
    <>
      <dl className={styles.figures}>
        <Figure
          label="Conversion rate (sessions → orders)"
          value={percent(rate)}
          current={rate}
          previous={previous}
          previousValue={previous !== undefined && report.previous ? `${percent(previous)} in ${rangeLabel(report.previous.period)}` : undefined}
          kind="points"
        />
      </dl>
      <ol className={styles.steps} aria-label="Funnel, sessions reaching each step">
        {steps.map((step) => (
          <li key={step.step} className={styles.step} data-key={step.step}>
            <span>{step.label}</span>
            <span className={styles.stepBar} aria-hidden="true">
              <span className={styles.stepFill} style={{ width: `${(step.count / widest) * 100}%` }} />
            </span>
            <span>
              {count(step.count)} <span className="muted">({percent(step.overallConversion)})</span>
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

function TopProductsPanel({ report }: { report: TopProducts }) {
  const items = report.current.items.slice(0, 5);
  if (!items.length) return <p>No sales in the last 30 days.</p>;
  return (
    <ReportTable label="Top five products by revenue, last 30 days" columns={[{ label: 'Product' }, ...numericColumns('Revenue', 'Units', 'Conversion')]}>
      {items.map((item) => (
        <tr key={item.productId}>
          <th scope="row">{item.name}</th>
          <td className="num">{reportMoney(item.revenue)}</td>
          <td className="num">{count(item.units)}</td>
          <td className="num">{percent(item.conversion)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

function ZeroResultsPanel({ report }: { report: SearchReport }) {
  const rows = report.current.zeroResultQueries.slice(0, 5);
  if (!rows.length) return <p>Every search found something.</p>;
  return (
    <ReportTable label="Top five searches that found nothing, last 30 days" columns={[{ label: 'Query' }, ...numericColumns('Searches')]}>
      {rows.map((row) => (
        <tr key={row.query}>
          <th scope="row">{row.query}</th>
          <td className="num">{count(row.zeroResults)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}
