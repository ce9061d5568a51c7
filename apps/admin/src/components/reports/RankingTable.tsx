import { DeltaCell } from './Figure';
import { count, percent, reportMoney } from '@/lib/reports/format';
import styles from './reports.module.css';

export interface RankingRow {
  id: string;
  name: string;
  revenue: number;
  units: number;
  orders: number;
  views: number;
  conversion: number;
  /** The same product's or category's revenue in the previous period (null: none, undefined: no comparison). */
  previousRevenue?: number | null;
}

/** Top products or categories: the numbers of the bar chart beside it, one row per item, in the report's order. */
export function RankingTable({ rows, caption, noun, compare, testId }: { rows: RankingRow[]; caption: string; noun: string; compare: boolean; testId?: string }) {
  return (
    <div className={`table-scroll ${styles.tableBox}`} tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table" data-testid={testId}>
        <caption className="oc-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">{noun}</th>
            <th scope="col" className="num">
              Revenue
            </th>
            <th scope="col" className="num">
              Units
            </th>
            <th scope="col" className="num">
              Orders
            </th>
            <th scope="col" className="num">
              Views
            </th>
            <th scope="col" className="num">
              Conversion
            </th>
            {compare ? (
              <th scope="col" className="num">
                Revenue change
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.id} data-key={row.id}>
              <td className="num">{index + 1}</td>
              <th scope="row">{row.name}</th>
              <td className="num">{reportMoney(row.revenue)}</td>
              <td className="num">{count(row.units)}</td>
              <td className="num">{count(row.orders)}</td>
              <td className="num">{count(row.views)}</td>
              <td className="num">{percent(row.conversion)}</td>
              {compare ? <DeltaCell current={row.revenue} previous={row.previousRevenue ?? null} /> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
