import type { Metadata } from 'next';
import { RankingTable, type RankingRow } from '@/components/reports/RankingTable';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { RankedBarChart } from '@/components/reports/charts';
import styles from '@/components/reports/reports.module.css';
import { reportCsvHref } from '@/lib/reports/csv-link';
import { count, rangeLabel, reportMoney } from '@/lib/reports/format';
import type { Period } from '@/lib/reports/types';
import { first, type SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReports, type ReportResult } from '@/server/reports';

export const metadata: Metadata = { title: 'Products and categories' };

/** How many products and categories the page (and its CSV) ranks. */
const TOP = 20;

/** Top products and categories by revenue or units, with conversion (views → purchases). */
export default async function ProductsReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const params = await searchParams;
  const by = first(params, 'by') === 'units' ? 'units' : 'revenue';
  const { range, timeZone, results } = await loadReports(api, ['products', 'categories'], params, { limit: TOP, by });
  const extra = { limit: TOP, by };
  const products = mapRanking(results.products, (item) => ({ ...item, id: item.productId }));
  const categories = mapRanking(results.categories, (item) => ({ ...item, id: item.categoryId, name: item.name ?? 'Uncategorised' }));
  return (
    <ReportFrame
      title="Products and categories"
      path="/reports/products"
      range={range}
      timeZone={timeZone}
      granularity={false}
      extra={{ by }}
      description={`The ${TOP} best-selling products and categories by ${by}, with net revenue (refunds in the period taken off), orders, product views and conversion (orders ÷ views).`}
      csv={[
        { href: reportCsvHref('products', range, extra), label: 'Download CSV (products)' },
        { href: reportCsvHref('categories', range, extra), label: 'Download CSV (categories)' },
      ]}
    >
      <Ranking id="top-products" title="Top products" noun="Product" ranking={products} compare={range.compare} by={by} />
      <Ranking id="top-categories" title="Top categories" noun="Category" ranking={categories} compare={range.compare} by={by} />
    </ReportFrame>
  );
}

interface Ranking {
  period: Period;
  rows: RankingRow[];
  compared: boolean;
}

function mapRanking<T extends { revenue: number; units: number }>(
  result: ReportResult<{ current: { period: Period; items: T[] }; previous: { period: Period; items: T[] } | null }>,
  toRow: (item: T) => Omit<RankingRow, 'previousRevenue'>,
): Ranking | null {
  if (result.status !== 'ok') return null;
  const { current, previous } = result.report;
  const before = new Map((previous?.items ?? []).map((item) => [toRow(item).id, item.revenue]));
  return {
    period: current.period,
    compared: previous !== null,
    rows: current.items.map((item) => {
      const row = toRow(item);
      return { ...row, previousRevenue: previous ? (before.get(row.id) ?? null) : undefined };
    }),
  };
}

function Ranking({ id, title, noun, ranking, compare, by }: { id: string; title: string; noun: string; ranking: Ranking | null; compare: boolean; by: 'revenue' | 'units' }) {
  if (!ranking) {
    return (
      <section aria-labelledby={id}>
        <h2 id={id} className={styles.title}>
          {title}
        </h2>
        <ReportsUnavailable />
      </section>
    );
  }
  const { rows } = ranking;
  const showPrevious = compare && ranking.compared;
  const value = (row: RankingRow) => (by === 'units' ? count(row.units) : reportMoney(row.revenue));
  const summary = rows.length
    ? `${title} by ${by}, ${rangeLabel(ranking.period)}: ${rows
        .slice(0, 3)
        .map((row) => `${row.name} ${value(row)}`)
        .join(', ')}${rows.length > 3 ? ` and ${rows.length - 3} more` : ''}.`
    : `${title}: no sales in ${rangeLabel(ranking.period)}.`;
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id} className={styles.title}>
        {title}
      </h2>
      {rows.length ? (
        <>
          <RankedBarChart
            bars={rows.slice(0, 10).map((row) => ({ label: row.name, value: by === 'units' ? row.units : row.revenue }))}
            summary={summary}
            format={by === 'units' ? 'count' : 'money'}
            name={by === 'units' ? 'Units' : 'Revenue'}
            compare={false}
          />
          <RankingTable rows={rows} caption={`${title} by ${by}`} noun={noun} compare={showPrevious} testId={`${id}-table`} />
        </>
      ) : (
        <p>No sales in this range.</p>
      )}
    </section>
  );
}
