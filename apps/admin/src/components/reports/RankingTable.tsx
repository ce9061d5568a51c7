import { DeltaCell } from './Figure';
import { count, percent, reportMoney } from '@/lib/reports/format';
import { ReportTable, compareColumns, numericColumns } from './ReportTable';

export interface RankingRow {
  id: string;
  name: string;
  /** Net of refunds. */
  revenue: number;
  /** The merchandise share of the period's refunds on it. */
  refunds: number;
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
    <ReportTable
      label={caption}
      columns={[...numericColumns('Rank'), { label: noun }, ...numericColumns('Net revenue', 'Refunds', 'Units', 'Orders', 'Views', 'Conversion'), ...compareColumns(compare, 'Revenue change')]}
      testId={testId}
    >
      {rows.map((row, index) => (
        <tr key={row.id} data-key={row.id}>
          <td className="num">{index + 1}</td>
          <th scope="row">{row.name}</th>
          <td className="num">{reportMoney(row.revenue)}</td>
          <td className="num">{reportMoney(row.refunds)}</td>
          <td className="num">{count(row.units)}</td>
          <td className="num">{count(row.orders)}</td>
          <td className="num">{count(row.views)}</td>
          <td className="num">{percent(row.conversion)}</td>
          {compare ? <DeltaCell current={row.revenue} previous={row.previousRevenue ?? null} /> : null}
        </tr>
      ))}
    </ReportTable>
  );
}
