import { DeltaCell, Figure } from '@/components/reports/Figure';
import { ReportTable, compareColumns, numericColumns } from '@/components/reports/ReportTable';
import { RankedBarChart } from '@/components/reports/charts';
import styles from '@/components/reports/reports.module.css';
import { count, percent, rangeLabel, ratio, reportMoney } from '@/lib/reports/format';
import type { RecommendationsReport, ShelfRow } from '@/lib/reports/types';

const SHELF_LABELS: Readonly<Record<string, string>> = {
  also_bought: 'Customers also bought',
  similar: 'Similar products',
  bought_together: 'Frequently bought together',
  for_you: 'Recommended for you',
  trending: 'Trending',
};

export function RecommendationsReportBody({ report }: { report: RecommendationsReport }) {
  const { current, previous } = report;
  const before = new Map((previous?.shelves ?? []).map((shelf) => [shelf.shelf, shelf]));
  const total = (shelves: ShelfRow[]) =>
    shelves.reduce((sum, shelf) => ({ impressions: sum.impressions + shelf.impressions, clicks: sum.clicks + shelf.clicks, revenue: sum.revenue + shelf.attributedRevenue }), { impressions: 0, clicks: 0, revenue: 0 });
  const totals = total(current.shelves);
  const previousTotals = previous ? total(previous.shelves) : null;
  const label = (shelf: string) => SHELF_LABELS[shelf] ?? shelf;
  const summary = current.shelves.length
    ? `Clicks per shelf, ${rangeLabel(current.period)}: ${current.shelves.map((shelf) => `${label(shelf.shelf)} ${count(shelf.clicks)}`).join(', ')}.`
    : 'No shelf was shown in this range.';
  return (
    <>
      <dl className={styles.figures}>
        <Figure label="Impressions" value={count(totals.impressions)} current={totals.impressions} previous={previousTotals?.impressions} />
        <Figure label="Clicks" value={count(totals.clicks)} current={totals.clicks} previous={previousTotals?.clicks} />
        <Figure
          label="Click-through rate"
          value={percent(ratio(totals.clicks, totals.impressions))}
          current={ratio(totals.clicks, totals.impressions)}
          previous={previousTotals ? ratio(previousTotals.clicks, previousTotals.impressions) : undefined}
          kind="points"
        />
        <Figure label="Attributed revenue" value={reportMoney(totals.revenue)} current={totals.revenue} previous={previousTotals?.revenue} />
      </dl>
      <section aria-labelledby="shelves" className="panel">
        <h2 id="shelves" className={styles.title}>
          Shelves
        </h2>
        {current.shelves.length ? (
          <>
            <RankedBarChart
              bars={current.shelves.map((shelf) => ({ label: label(shelf.shelf), value: shelf.clicks, previous: previous ? (before.get(shelf.shelf)?.clicks ?? 0) : null }))}
              summary={summary}
              format="count"
              name="Clicks"
              compare={previous !== null}
              small
            />
            <ReportTable
              label="Recommendation shelves"
              columns={[
                { label: 'Shelf' },
                ...numericColumns('Impressions', 'Clicks', 'Click-through rate', 'Attributed orders', 'Attributed revenue'),
                ...compareColumns(previous !== null, 'Clicks change', 'Revenue change'),
              ]}
              testId="report-table"
            >
              {current.shelves.map((shelf) => (
                <tr key={shelf.shelf} data-key={shelf.shelf}>
                  <th scope="row">{label(shelf.shelf)}</th>
                  <td className="num">{count(shelf.impressions)}</td>
                  <td className="num">{count(shelf.clicks)}</td>
                  <td className="num">{percent(shelf.ctr)}</td>
                  <td className="num">{count(shelf.attributedOrders)}</td>
                  <td className="num">{reportMoney(shelf.attributedRevenue)}</td>
                  {previous ? (
                    <>
                      <DeltaCell current={shelf.clicks} previous={before.get(shelf.shelf)?.clicks ?? 0} />
                      <DeltaCell current={shelf.attributedRevenue} previous={before.get(shelf.shelf)?.attributedRevenue ?? 0} />
                    </>
                  ) : null}
                </tr>
              ))}
            </ReportTable>
          </>
        ) : (
          <p>No shelf was shown in this range.</p>
        )}
      </section>
    </>
  );
}
