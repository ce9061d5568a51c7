import { DeltaCell, Figure } from '@/components/reports/Figure';
import { ReportTable, compareColumns, numericColumns } from '@/components/reports/ReportTable';
import { RankedBarChart } from '@/components/reports/charts';
import styles from '@/components/reports/reports.module.css';
import { count, percent, rangeLabel, ratio, reportMoney } from '@/lib/reports/format';
import type { PromotionReportRow, PromotionsReport } from '@/lib/reports/types';

/** One row per promotion and code: "WELCOME10 — Welcome: 10 % off", or the automatic promotion's name. */
const rowLabel = (row: PromotionReportRow) => (row.code ? `${row.code} — ${row.name}` : `${row.name} (automatic)`);
const rowKey = (row: Pick<PromotionReportRow, 'promotionId' | 'code'>) => `${row.promotionId}:${row.code ?? ''}`;

export function PromotionsReportBody({ report }: { report: PromotionsReport }) {
  const { current, previous } = report;
  const before = new Map((previous?.promotions ?? []).map((row) => [rowKey(row), row]));
  const summary = current.promotions.length
    ? `Revenue per promotion, ${rangeLabel(current.period)}: ${current.promotions.map((row) => `${rowLabel(row)} ${reportMoney(row.revenue)}`).join(', ')}.`
    : 'No paid order got a discount in this range.';
  return (
    <>
      <dl className={styles.figures}>
        <Figure label="Orders with a discount" value={count(current.discountedOrders)} current={current.discountedOrders} previous={previous?.discountedOrders} />
        <Figure
          label="Share of orders discounted"
          value={percent(ratio(current.discountedOrders, current.orders))}
          current={ratio(current.discountedOrders, current.orders)}
          previous={previous ? ratio(previous.discountedOrders, previous.orders) : undefined}
          kind="points"
        />
        <Figure label="Revenue of discounted orders" value={reportMoney(current.discountedRevenue)} current={current.discountedRevenue} previous={previous?.discountedRevenue} />
        <Figure label="Discount cost" value={reportMoney(current.discountCost)} current={current.discountCost} previous={previous?.discountCost} />
      </dl>
      <section aria-labelledby="promotions" className="panel">
        <h2 id="promotions" className={styles.title}>
          Codes and promotions
        </h2>
        {current.promotions.length ? (
          <>
            <RankedBarChart
              bars={current.promotions.slice(0, 10).map((row) => ({ label: rowLabel(row), value: row.revenue, previous: previous ? (before.get(rowKey(row))?.revenue ?? 0) : null }))}
              summary={summary}
              format="money"
              name="Revenue"
              compare={previous !== null}
              small
            />
            <ReportTable
              label="Codes and promotions"
              columns={[
                { label: 'Code or promotion' },
                ...numericColumns('Orders', 'Revenue', 'Refunds', 'Discount cost', 'Share taken off'),
                ...compareColumns(previous !== null, 'Orders change', 'Revenue change'),
              ]}
              testId="report-table"
            >
              {current.promotions.map((row) => (
                <tr key={rowKey(row)} data-key={rowKey(row)}>
                  <th scope="row">{rowLabel(row)}</th>
                  <td className="num">{count(row.orders)}</td>
                  <td className="num">{reportMoney(row.revenue)}</td>
                  <td className="num">{reportMoney(row.refunds)}</td>
                  <td className="num">{reportMoney(row.discountCost)}</td>
                  <td className="num">{percent(ratio(row.discountCost, row.revenue + row.discountCost))}</td>
                  {previous ? (
                    <>
                      <DeltaCell current={row.orders} previous={before.get(rowKey(row))?.orders ?? 0} />
                      <DeltaCell current={row.revenue} previous={before.get(rowKey(row))?.revenue ?? 0} />
                    </>
                  ) : null}
                </tr>
              ))}
            </ReportTable>
          </>
        ) : (
          <p>No paid order got a discount in this range.</p>
        )}
      </section>
    </>
  );
}
