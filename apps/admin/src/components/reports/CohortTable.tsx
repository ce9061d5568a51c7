import { count, percent } from '@/lib/reports/format';
import type { Cohort } from '@/lib/reports/types';
import { ReportTable, numericColumns } from './ReportTable';
import styles from './reports.module.css';

/** A share 0..1 → one of eleven shades (the number is written in the cell too: colour is never alone). */
export function heatClass(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return styles.heat0 ?? '';
  const step = Math.min(10, Math.max(0, Math.ceil(share * 10)));
  return styles[`heat${step}`] ?? '';
}

function monthLabel(month: string): string {
  const value = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(value.getTime()) ? month : value.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * Monthly cohorts of first purchase: one row per cohort, one column per month after it (+1 … +months),
 * each cell the share of the cohort who ordered again that month, shaded like a heatmap. A month
 * not reached yet is left empty.
 */
export function CohortTable({ cohorts, months: asked }: { cohorts: Cohort[]; months?: number }) {
  const months = Math.max(asked ?? 0, ...cohorts.map((cohort) => cohort.retention.length));
  return (
    <ReportTable
      label="Monthly cohorts of first purchase: the share who bought again in each month after their first"
      columns={[{ label: 'First purchase' }, ...numericColumns('Customers', ...Array.from({ length: months }, (_, month) => `Month +${month + 1}`))]}
      testId="cohorts-table"
    >
      {cohorts.map((cohort) => (
        <tr key={cohort.cohort}>
          <th scope="row">{monthLabel(cohort.cohort)}</th>
          <td className="num">{count(cohort.customers)}</td>
          {Array.from({ length: months }, (_, month) => {
            const share = cohort.retention[month] ?? null;
            return (
              <td key={month} className={`${styles.heat} ${heatClass(share)}`}>
                {share === null ? '' : percent(share)}
              </td>
            );
          })}
        </tr>
      ))}
    </ReportTable>
  );
}
