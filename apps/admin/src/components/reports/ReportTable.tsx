import type { ReactNode } from 'react';
import styles from './reports.module.css';

export interface ReportColumn {
  label: string;
  /** A column of figures: right-aligned (the `num` class), like its cells. */
  numeric?: boolean;
}

/** Columns of figures, in order. */
export function numericColumns(...labels: string[]): ReportColumn[] {
  return labels.map((label) => ({ label, numeric: true }));
}

/** The columns a table adds when the report is compared with the previous period (none otherwise). */
export function compareColumns(compare: boolean, ...labels: string[]): ReportColumn[] {
  return compare ? numericColumns(...labels) : [];
}

/**
 * A report's table: a focusable scroll region named like the table's caption (read by screen readers,
 * hidden on screen), one header row from `columns`, and the body rows the caller writes, in the same
 * column order.
 */
export function ReportTable({ label, columns, testId, children }: { label: string; columns: ReportColumn[]; testId?: string | undefined; children: ReactNode }) {
  return (
    <div className={`table-scroll ${styles.tableBox}`} tabIndex={0} role="region" aria-label={label}>
      <table className="data-table" data-testid={testId}>
        <caption className="oc-visually-hidden">{label}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
