import type { Metadata } from 'next';
import Link from 'next/link';
import { RangeBar } from '@/components/reports/ReportFrame';
import styles from '@/components/reports/reports.module.css';
import { rangeLabel } from '@/lib/reports/format';
import { rangeQuery } from '@/lib/reports/range';
import type { SearchParams } from '@/lib/url-state';
import { sectionById } from '@/sections';
import { requireSection } from '@/server/guard';
import { rangeOnly } from '@/server/reports';

export const metadata: Metadata = { title: sectionById('reports').label };

const REPORTS = [
  { href: '/reports/sales', title: 'Sales overview', text: 'Revenue, orders, average order value, units, refunds, new vs returning customers, per day, week or month.' },
  { href: '/reports/products', title: 'Products and categories', text: 'The best sellers by revenue and units, with conversion from views to purchases.' },
  { href: '/reports/funnel', title: 'Conversion funnel', text: 'Sessions → product view → add to cart → checkout → order, with step and overall conversion and drop-off.' },
  { href: '/reports/search', title: 'Search', text: 'Top queries, searches that found nothing, corrected typos and click-through from search.' },
  { href: '/reports/retention', title: 'Retention', text: 'Repeat-purchase rate and monthly cohorts of first purchase.' },
  { href: '/reports/recommendations', title: 'Recommendations', text: 'Impressions, clicks, click-through rate and attributed revenue per storefront shelf.' },
  { href: '/reports/promotions', title: 'Promotions', text: 'Orders, revenue and discount cost per discount code and automatic promotion.' },
] as const;

/** The reports: one card per report, each link keeping the chosen range. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone } = await rangeOnly(api, await searchParams);
  const query = rangeQuery(range, {}, false);
  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Reports</h1>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Any date range, compared with the previous period of the same length; every report downloads as CSV.
      </p>
      <RangeBar path="/reports" range={range} granularity={false} />
      <p className={styles.meta}>
        <span>
          <strong>{rangeLabel(range)}</strong>
        </span>
        <span>Days in {timeZone}</span>
      </p>
      <ul className={styles.cards}>
        {REPORTS.map((report) => (
          <li key={report.href} className="panel">
            <h2>
              <Link href={`${report.href}${query}`}>{report.title}</Link>
            </h2>
            <p className="muted">{report.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
